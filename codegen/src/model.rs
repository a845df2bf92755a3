//! The one validated model every later stage reads: shapes by absolute id, with their
//! members and traits, mixins already applied.

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// An absolute shape id: `namespace#Name`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId(String);

impl ShapeId {
    /// Parses `namespace#Name`, rejecting relative ids and member ids.
    pub fn parse(s: &str) -> Result<Self, String> {
        let Some((ns, name)) = s.split_once('#') else {
            return Err(format!("`{s}` is not an absolute shape id (namespace#Name)"));
        };
        let ident = |x: &str| {
            !x.is_empty()
                && x.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && x.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        if !ns.split('.').all(ident) || !ident(name) {
            return Err(format!("`{s}` is not a valid shape id"));
        }
        Ok(Self(s.to_owned()))
    }

    pub fn new(namespace: &str, name: &str) -> Self {
        Self(format!("{namespace}#{name}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn namespace(&self) -> &str {
        self.0.split_once('#').map_or("", |(ns, _)| ns)
    }

    pub fn name(&self) -> &str {
        self.0.split_once('#').map_or(&self.0, |(_, n)| n)
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Every shape type of Smithy 2.0 (`set` is read as `list`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ShapeKind {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    Enum,
    IntEnum,
    List,
    Map,
    #[default]
    Structure,
    Union,
    Service,
    Operation,
    Resource,
}

impl ShapeKind {
    pub fn from_type(t: &str) -> Option<Self> {
        use ShapeKind::*;
        Some(match t {
            "blob" => Blob,
            "boolean" => Boolean,
            "string" => String,
            "byte" => Byte,
            "short" => Short,
            "integer" => Integer,
            "long" => Long,
            "float" => Float,
            "double" => Double,
            "bigInteger" => BigInteger,
            "bigDecimal" => BigDecimal,
            "timestamp" => Timestamp,
            "document" => Document,
            "enum" => Enum,
            "intEnum" => IntEnum,
            "list" | "set" => List,
            "map" => Map,
            "structure" => Structure,
            "union" => Union,
            "service" => Service,
            "operation" => Operation,
            "resource" => Resource,
            _ => return None,
        })
    }

    pub fn type_name(self) -> &'static str {
        use ShapeKind::*;
        match self {
            Blob => "blob",
            Boolean => "boolean",
            String => "string",
            Byte => "byte",
            Short => "short",
            Integer => "integer",
            Long => "long",
            Float => "float",
            Double => "double",
            BigInteger => "bigInteger",
            BigDecimal => "bigDecimal",
            Timestamp => "timestamp",
            Document => "document",
            Enum => "enum",
            IntEnum => "intEnum",
            List => "list",
            Map => "map",
            Structure => "structure",
            Union => "union",
            Service => "service",
            Operation => "operation",
            Resource => "resource",
        }
    }

    /// Shapes that can be the target of a member.
    pub fn is_data(self) -> bool {
        !matches!(self, ShapeKind::Service | ShapeKind::Operation | ShapeKind::Resource)
    }
}

/// Traits by absolute trait id, with their node values.
pub type Traits = BTreeMap<String, Value>;

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub name: String,
    pub target: ShapeId,
    pub traits: Traits,
}

impl Member {
    pub fn has_trait(&self, id: &str) -> bool {
        self.traits.contains_key(id)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub id: ShapeId,
    pub kind: ShapeKind,
    pub traits: Traits,
    /// Structure, union, enum and intEnum members in model order; a list's `member`;
    /// a map's `key` and `value`.
    pub members: Vec<Member>,
    pub mixins: Vec<ShapeId>,
    /// Operation input and output, service version.
    pub input: Option<ShapeId>,
    pub output: Option<ShapeId>,
    pub version: Option<String>,
    /// Operation and service errors.
    pub errors: Vec<ShapeId>,
    /// Service and resource operations, in model order (resource lifecycle operations included).
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
    /// Resource identifiers and properties: name to target.
    pub identifiers: BTreeMap<String, ShapeId>,
    pub properties: BTreeMap<String, ShapeId>,
    /// Service `rename`: shape id to the name it goes by in this service.
    pub rename: BTreeMap<ShapeId, String>,
}

impl Shape {
    pub fn new(id: ShapeId, kind: ShapeKind) -> Self {
        Self {
            id,
            kind,
            traits: Traits::new(),
            members: Vec::new(),
            mixins: Vec::new(),
            input: None,
            output: None,
            version: None,
            errors: Vec::new(),
            operations: Vec::new(),
            resources: Vec::new(),
            identifiers: BTreeMap::new(),
            properties: BTreeMap::new(),
            rename: BTreeMap::new(),
        }
    }

    pub fn has_trait(&self, id: &str) -> bool {
        self.traits.contains_key(id)
    }

    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }
}

/// Trait ids the generator reads.
pub mod traits {
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const CLIENT_ENDPOINT_DISCOVERY: &str = "aws.api#clientEndpointDiscovery";
    pub const CLIENT_DISCOVERED_ENDPOINT: &str = "aws.api#clientDiscoveredEndpoint";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const ERROR: &str = "smithy.api#error";
    pub const EVENT_PAYLOAD: &str = "smithy.api#eventPayload";
    pub const EVENT_HEADER: &str = "smithy.api#eventHeader";
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    pub const HTTP: &str = "smithy.api#http";
    pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub const JSON_NAME: &str = "smithy.api#jsonName";
    pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
    pub const INPUT: &str = "smithy.api#input";
    pub const OUTPUT: &str = "smithy.api#output";
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const XML_NAME: &str = "smithy.api#xmlName";
    pub const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
    pub const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
    pub const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const WAITABLE: &str = "smithy.waiters#waitable";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const UNIT_TYPE: &str = "smithy.api#unitType";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    pub const AWS_SERVICE: &str = "aws.api#service";
    pub const SIGV4: &str = "aws.auth#sigv4";
    pub const HTTP_BEARER_AUTH: &str = "smithy.api#httpBearerAuth";
    pub const AWS_QUERY: &str = "aws.protocols#awsQuery";
    pub const EC2_QUERY: &str = "aws.protocols#ec2Query";
    pub const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
    pub const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
    pub const AWS_QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const REQUIRES_LENGTH: &str = "smithy.api#requiresLength";
    pub const OPTIONAL_AUTH: &str = "smithy.api#optionalAuth";
    pub const AUTH: &str = "smithy.api#auth";
    pub const AWS_JSON_1_0: &str = "aws.protocols#awsJson1_0";
    pub const AWS_JSON_1_1: &str = "aws.protocols#awsJson1_1";
    pub const REST_JSON_1: &str = "aws.protocols#restJson1";
    pub const REST_XML: &str = "aws.protocols#restXml";
    pub const S3_UNWRAPPED_XML_OUTPUT: &str = "aws.customizations#s3UnwrappedXmlOutput";
    pub const HTTP_CHECKSUM: &str = "aws.protocols#httpChecksum";
    pub const RPC_V2_CBOR: &str = "smithy.protocols#rpcv2Cbor";
    pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
    pub const ENDPOINT_BDD: &str = "smithy.rules#endpointBdd";
    pub const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";
    pub const CLIENT_CONTEXT_PARAMS: &str = "smithy.rules#clientContextParams";
    pub const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
    pub const STATIC_CONTEXT_PARAMS: &str = "smithy.rules#staticContextParams";
    pub const OPERATION_CONTEXT_PARAMS: &str = "smithy.rules#operationContextParams";
}

/// A whole model: every shape by id, prelude included.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    pub shapes: BTreeMap<ShapeId, Shape>,
    pub metadata: BTreeMap<String, Value>,
    /// The file each shape was defined in, for diagnostics of later stages.
    pub sources: Sources,
}

/// Where shapes were defined. Not part of what a model means: two models that differ only
/// in where their shapes were written compare equal.
#[derive(Clone, Debug, Default)]
pub struct Sources(pub BTreeMap<ShapeId, std::path::PathBuf>);

impl PartialEq for Sources {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Model {
    /// The file that defined `shape` (a shape id, or `shape$member`), if it came from one.
    pub fn source_of(&self, shape: &str) -> Option<&std::path::Path> {
        let id = ShapeId::parse(shape.split('$').next()?).ok()?;
        self.sources.0.get(&id).map(std::path::PathBuf::as_path)
    }

    pub fn get(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// The shape behind an id the validator has checked.
    pub fn expect(&self, id: &ShapeId) -> &Shape {
        // Validation guarantees every reference resolves; a miss is a bug in a later stage.
        self.shapes.get(id).unwrap_or_else(|| panic!("shape {id} was validated but is missing"))
    }

    pub fn services(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.values().filter(|s| s.kind == ShapeKind::Service)
    }
}
