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
}

pub(crate) static SCALAR: Schema = Schema::Scalar;
pub(crate) static DATE_TIME: Schema = Schema::Timestamp(Format::DateTime);
pub(crate) static HTTP_DATE: Schema = Schema::Timestamp(Format::HttpDate);
pub(crate) static EPOCH_SECONDS: Schema = Schema::Timestamp(Format::EpochSeconds);

/// A member of a structure, or the member, key or value of a list or map.
pub(crate) struct Member {
    /// The member's name in the model, used in error messages.
    pub name: &'static str,
    /// The key segment for form-encoded protocols (awsQuery, ec2Query), percent-encoded.
    pub query_name: &'static str,
    /// The element name in XML documents.
    pub xml_name: &'static str,
    /// `@xmlFlattened`: list items or map entries repeat without a wrapper element.
    pub flattened: bool,
    /// `@required`: a request that leaves it unset is not sent.
    pub required: bool,
    /// `@idempotencyToken`: filled with a fresh UUID when the caller leaves it unset.
    pub idempotency_token: bool,
    /// `@sensitive`: its value never appears in error messages.
    pub sensitive: bool,
    pub target: &'static Schema,
}

impl Member {
    /// A member whose names on the wire are its model name.
    pub(crate) const fn of(name: &'static str, target: &'static Schema) -> Self {
        Self {
            name,
            query_name: name,
            xml_name: name,
            flattened: false,
            required: false,
            idempotency_token: false,
            sensitive: false,
            target,
        }
    }
    pub(crate) const fn query(mut self, query_name: &'static str) -> Self {
        self.query_name = query_name;
        self
    }
    pub(crate) const fn xml(mut self, xml_name: &'static str) -> Self {
        self.xml_name = xml_name;
        self
    }
    pub(crate) const fn flattened(mut self) -> Self {
        self.flattened = true;
        self
    }
    pub(crate) const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub(crate) const fn idempotency_token(mut self) -> Self {
        self.idempotency_token = true;
        self
    }
    pub(crate) const fn sensitive(mut self) -> Self {
        self.sensitive = true;
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
    /// The shape's name in the model.
    pub name: &'static str,
    pub members: &'static [Member],
}

impl StructSchema {
    /// The index of the member whose XML element is `name`.
    pub(crate) fn member_by_xml_name(&self, name: &[u8]) -> Option<usize> {
        self.members.iter().position(|m| m.xml_name.as_bytes() == name)
    }
}
