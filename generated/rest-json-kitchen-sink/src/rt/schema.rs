//! Static descriptions of shapes, emitted by the generator and walked by the codecs.

use aws_smithy_types::date_time::Format;

/// How a value of some shape is written on the wire.
pub(crate) enum Schema {
    /// Strings, numbers, booleans, blobs and enums: the Rust type knows its encoding.
    Scalar,
    /// A timestamp and the format it uses on the wire.
    Timestamp(Format),
    List(ListSchema),
    Map(MapSchema),
    Struct(&'static StructSchema),
    /// A `@streaming` blob: the message's body, which the operation pipeline moves between
    /// the HTTP message and the input or output; codecs leave it alone.
    Stream,
}

pub(crate) static SCALAR: Schema = Schema::Scalar;
pub(crate) static STREAM: Schema = Schema::Stream;
pub(crate) static DATE_TIME: Schema = Schema::Timestamp(Format::DateTime);
pub(crate) static HTTP_DATE: Schema = Schema::Timestamp(Format::HttpDate);
pub(crate) static EPOCH_SECONDS: Schema = Schema::Timestamp(Format::EpochSeconds);

/// A member of a structure, or the member, key or value of a list or map.
pub(crate) struct Member {
    /// The member's name in the model, used in error messages.
    pub name: &'static str,
    /// The key segment for form-encoded protocols (awsQuery, ec2Query), percent-encoded.
    pub query_name: &'static str,
    /// The member's name in body documents: its XML element, or its JSON key.
    pub body_name: &'static str,
    /// `@xmlFlattened`: list items or map entries repeat without a wrapper element.
    pub flattened: bool,
    /// `@required`: a request that leaves it unset is not sent.
    pub required: bool,
    /// `@idempotencyToken`: filled with a fresh UUID when the caller leaves it unset.
    pub idempotency_token: bool,
    /// `@sensitive`: its value never appears in error messages.
    pub sensitive: bool,
    /// Not `@required`, defaulting to `false` or zero: left out at that value, as aws-sdk-*
    /// leaves it out.
    pub skip_zero: bool,
    /// A response header that reads as unset when it does not parse (a customization:
    /// S3's `Expires`).
    pub lenient: bool,
    /// Where the member goes in an HTTP message (REST protocols; `Body` for the others).
    pub location: Location,
    /// `@mediaType` of its target: a bound string's media type is base64 in headers, and
    /// a payload's is the body's content type.
    pub media_type: Option<&'static str>,
    /// For a list bound to headers or the query: its timestamps' format there.
    pub item_format: Option<Format>,
    /// `@xmlAttribute`: an attribute of its structure's element, not a child element.
    pub attribute: bool,
    /// `@xmlNamespace`: the `xmlns` attribute of its element (`xmlns:p="uri"`).
    pub xmlns: Option<&'static str>,
    pub target: &'static Schema,
}

/// A member's place in an HTTP message, from its HTTP binding trait.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Location {
    Body,
    /// `@httpLabel`: a segment of the URI path.
    Label,
    /// `@httpQuery`: the query parameter of this name.
    Query(&'static str),
    /// `@httpQueryParams`: a map of query parameters.
    QueryParams,
    /// `@httpHeader`: the header of this name (lower case).
    Header(&'static str),
    /// `@httpPrefixHeaders`: headers whose names start with this prefix (lower case).
    PrefixHeaders(&'static str),
    /// `@httpPayload`: the whole body; `true` when an unset payload is an empty document
    /// (structures) rather than no body.
    Payload(bool),
    /// `@httpResponseCode`: the response's status code.
    ResponseCode,
    /// The whole body is this member's element (`@s3UnwrappedXmlOutput`).
    Unwrapped,
}

impl Member {
    /// A member whose names on the wire are its model name.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) const fn of(name: &'static str, target: &'static Schema) -> Self {
        Self {
            name,
            query_name: name,
            body_name: name,
            flattened: false,
            required: false,
            idempotency_token: false,
            sensitive: false,
            skip_zero: false,
            lenient: false,
            location: Location::Body,
            media_type: None,
            item_format: None,
            attribute: false,
            xmlns: None,
            target,
        }
    }
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) const fn at(mut self, location: Location) -> Self {
        self.location = location;
        self
    }
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) const fn media_type(mut self, media_type: &'static str) -> Self {
        self.media_type = Some(media_type);
        self
    }
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) const fn item_format(mut self, format: Format) -> Self {
        self.item_format = Some(format);
        self
    }
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) const fn attribute(mut self) -> Self {
        self.attribute = true;
        self
    }
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) const fn xmlns(mut self, xmlns: &'static str) -> Self {
        self.xmlns = Some(xmlns);
        self
    }
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) const fn query(mut self, query_name: &'static str) -> Self {
        self.query_name = query_name;
        self
    }
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) const fn body_name(mut self, body_name: &'static str) -> Self {
        self.body_name = body_name;
        self
    }
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) const fn flattened(mut self) -> Self {
        self.flattened = true;
        self
    }
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) const fn idempotency_token(mut self) -> Self {
        self.idempotency_token = true;
        self
    }
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) const fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) const fn lenient(mut self) -> Self {
        self.lenient = true;
        self
    }
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) const fn skip_zero(mut self) -> Self {
        self.skip_zero = true;
        self
    }
}

pub(crate) struct ListSchema {
    pub member: Member,
    /// `@sparse`: nulls are items (`None`); dense lists skip them.
    pub sparse: bool,
}

pub(crate) struct MapSchema {
    pub key: Member,
    pub value: Member,
    /// `@sparse`: null values are kept (`None`); dense maps skip them.
    pub sparse: bool,
}

/// A placeholder member for values that are not inside a structure (whole outputs, errors).
pub(crate) static ROOT: Member = Member::of("", &SCALAR);

pub(crate) struct StructSchema {
    /// The shape's name in the model (in XML protocols, its element name as a document's root).
    pub name: &'static str,
    pub members: &'static [Member],
    /// `@xmlNamespace` of a document whose root this structure is: the `xmlns` attribute.
    pub xmlns: Option<&'static str>,
}

impl StructSchema {
    /// The index of the first member from `hint` on (wrapping around to the start) that
    /// `matches`. Documents usually list members in model order, so a caller that passes
    /// the index after the last member it found usually finds the next one at once.
    #[inline]
    pub(crate) fn find_member(&self, hint: usize, matches: impl Fn(&Member) -> bool) -> Option<usize> {
        let members = self.members;
        let start = hint.min(members.len());
        for (i, m) in members[start..].iter().enumerate() {
            if matches(m) {
                return Some(start + i);
            }
        }
        members[..start].iter().position(matches)
    }

    /// The index of the member whose XML element is `name` (a local name: a member named
    /// with a namespace prefix, `x:Note`, matches `Note`), searched from `hint`.
    #[inline]
    pub(crate) fn member_by_body_name(&self, name: &[u8], hint: usize) -> Option<usize> {
        self.find_member(hint, |m| {
            let body_name = m.body_name.as_bytes();
            match body_name.len().checked_sub(name.len()) {
                Some(0) => body_name == name,
                Some(extra) => body_name[extra - 1] == b':' && body_name.ends_with(name) && !body_name[..extra - 1].contains(&b':'),
                None => false,
            }
        })
    }
}
