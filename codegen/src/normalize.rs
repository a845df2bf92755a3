//! Normalization: from the validated model of a whole namespace to the service the
//! emitters generate. Synthetic `{Op}Input`/`{Op}Output` structures, the types reachable
//! from operations, Rust names (resolved once, here), boxing of recursive members.

use crate::docs;
use crate::error::{Diagnostic, Error, Result};
use crate::model::{traits, Member, Model, Shape, ShapeId, ShapeKind};
use crate::naming;
use crate::protocol::{self, Protocol};
use std::collections::{BTreeMap, BTreeSet};

pub struct Service {
    pub id: ShapeId,
    pub sdk_id: String,
    pub crate_name: String,
    pub signing_name: String,
    /// `@xmlNamespace` of the service, as the attribute: the default of documents' roots.
    pub xml_namespace: Option<String>,
    /// The service shape's `version` (the API version).
    pub version: String,
    /// The protocol the crate speaks (the protocol stage: wire names, formats, codes).
    pub protocol: Box<dyn Protocol>,
    pub docs: Option<String>,
    pub operations: Vec<Operation>,
    /// Operations the crate leaves out, with why (event streams, for now).
    pub skipped: Vec<(String, String)>,
    /// `types::*` structures, by model order of first reach.
    pub structures: Vec<Structure>,
    /// `types::error::*`.
    pub errors: Vec<Structure>,
    pub enums: Vec<Enum>,
    /// `types::*` unions: one variant per member (each a field here), plus `Unknown`.
    pub unions: Vec<Structure>,
    /// The event streams outputs carry: their unions (among `unions`, without their error
    /// members) and errors.
    pub event_streams: Vec<EventStream>,
    /// Lists and maps, which need schema tables but no Rust type.
    pub collections: Vec<Collection>,
    /// `smithy.rules#endpointRuleSet`, parsed and checked; without it a client needs an
    /// endpoint URL in its config.
    pub endpoint_rules: Option<crate::endpoints::EndpointRules>,
    /// The AWS partitions, when the endpoint rules call `aws.partition`.
    pub partitions: Option<crate::endpoints::Partitions>,
    /// `aws.api#clientEndpointDiscovery`, where operations require a discovered endpoint.
    pub endpoint_discovery: Option<EndpointDiscovery>,
}

impl Service {
    /// Whether some operation may be called with a bearer token (the config then takes a
    /// token provider).
    pub fn uses_bearer_auth(&self) -> bool {
        self.operations.iter().any(|op| op.auth.contains(&AuthScheme::Bearer))
    }
}

/// An auth scheme the generated clients can call with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// `aws.auth#sigv4`, with the config's credentials (SigV4a and session schemes, which
    /// endpoints may ask for instead, are variants of it at run time).
    SigV4,
    /// `smithy.api#httpBearerAuth`: `Authorization: Bearer` with the config's token.
    Bearer,
}

impl AuthScheme {
    fn of_trait(id: &str) -> Option<AuthScheme> {
        match id {
            traits::SIGV4 => Some(AuthScheme::SigV4),
            traits::HTTP_BEARER_AUTH => Some(AuthScheme::Bearer),
            _ => None,
        }
    }
}

/// Endpoint discovery, as aws-sdk-* offers it where operations require it: the client's
/// `with_endpoint_discovery_enabled` calls the discovery operation, whose output's
/// `Endpoints` list holds `Endpoint { Address, CachePeriodInMinutes }` (as the trait
/// requires); the names here are those of the Rust fields and method.
pub struct EndpointDiscovery {
    /// The discovery operation's client method (`describe_endpoints`) and model name.
    pub operation_fn: String,
    pub operation: String,
    pub endpoints: String,
    pub address: String,
    pub cache_period: String,
}

pub struct Operation {
    /// The operation's shape in the model.
    pub id: ShapeId,
    pub name: String,
    /// Module and client method name.
    pub fn_name: String,
    pub docs: Option<String>,
    pub deprecated: Option<String>,
    pub input: Structure,
    pub output: Structure,
    pub errors: Vec<ErrorRef>,
    pub pagination: Option<Pagination>,
    pub waiters: Vec<Waiter>,
    /// `@endpoint`'s host prefix, `{member}` labels included.
    pub host_prefix: Option<String>,
    /// `@requestCompression` lists gzip: large bodies are sent gzipped.
    pub gzip: bool,
    /// `@httpChecksumRequired`: requests carry `Content-MD5`.
    pub content_md5: bool,
    /// `aws.protocols#httpChecksum`: flexible checksums of requests and responses.
    pub http_checksum: Option<HttpChecksum>,
    /// `@requiresLength` on the input's stream: it is sent only with a known length.
    pub requires_length: bool,
    /// Why the operation cannot be called yet (it streams), if it cannot.
    pub unsupported: Option<String>,
    /// `@optionalAuth` or `@auth([])`: sent without signing.
    pub unsigned: bool,
    /// The auth schemes the operation may be called with, in the model's order of
    /// preference (its `@auth`, else the service's effective schemes); empty when unsigned.
    pub auth: Vec<AuthScheme>,
    /// The operation has no input (`smithy.api#Unit`): its input structure is synthetic.
    pub unit_input: bool,
    /// Endpoint parameters the operation sets: `@staticContextParams`, its input's
    /// `@contextParam` members and `@operationContextParams` paths.
    pub endpoint_context: Vec<EndpointContext>,
    /// `@http`: method, URI pattern and success code (what REST protocols send).
    pub http: Option<HttpTrait>,
}

/// An endpoint parameter an operation sets, by its index in the rule set's parameters.
pub struct EndpointContext {
    pub param: usize,
    pub source: ContextSource,
}

pub enum ContextSource {
    Static(crate::endpoints::Literal),
    /// An input member, by its model name.
    Member(String),
    /// A JMESPath expression over the input.
    Path(crate::jmespath::Expr),
}

/// A `smithy.waiters#waitable` waiter of an operation.
pub struct Waiter {
    /// `DbInstanceAvailable`: the fluent builder is `DbInstanceAvailableFluentBuilder`.
    pub rust_name: String,
    /// `db_instance_available`: the module in `waiters`.
    pub module: String,
    pub docs: Option<String>,
    pub deprecated: Option<String>,
    pub min_delay: u64,
    pub max_delay: u64,
    pub acceptors: Vec<(AcceptorState, Matcher)>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AcceptorState {
    Success,
    Failure,
    Retry,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Matcher {
    Success(bool),
    ErrorType(String),
    /// (path, comparator, expected); the comparator as the model spells it.
    Output(crate::jmespath::Expr, String, String),
    InputOutput(crate::jmespath::Expr, String, String),
}

/// `@paginated`, resolved to Rust field paths.
pub struct Pagination {
    /// The input's token field (top level, as the spec requires).
    pub input_token: String,
    /// Field path to the output's next token.
    pub output_token: Vec<FieldStep>,
    /// Field path to the items on a page, and the item type, when the items are a list.
    pub items: Option<(Vec<FieldStep>, RustType)>,
    /// The input's page-size field and its type.
    pub page_size: Option<(String, RustType)>,
}

/// One step of a path through structures: the field, whether it is boxed, and whether it
/// is an `Option`.
#[derive(Clone, Debug)]
pub struct FieldStep {
    pub field: String,
    pub boxed: bool,
    pub optional: bool,
}

/// Whether a member is an `Option` in Rust, as in the AWS SDKs: members of operation
/// inputs, errors and recursive members always are; others are not when they are
/// `@required` or have a non-null `@default`, unless they are `@clientOptional`.
#[derive(Clone, Debug, PartialEq)]
pub enum Presence {
    Optional,
    /// Not an `Option`; the builder falls back to this value.
    Default(DefaultValue),
    /// Not an `Option`; building without it is an error (a response without it reads as
    /// the type's zero value, as Smithy's client error correction says).
    Required,
}

/// A `@default` value the generator can write as Rust.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    /// `[]` or `{}`.
    Empty,
    /// Epoch seconds and nanoseconds.
    Timestamp(i64, u32),
    /// A blob's bytes (the model writes them in base64).
    Blob(Vec<u8>),
    Document(serde_json::Value),
}

pub struct ErrorRef {
    /// The error's shape in the model.
    pub id: ShapeId,
    /// Variant of the operation's error enum, and the type in `types::error`.
    pub rust_name: String,
    pub code: String,
}

/// An event stream (`@streaming` union) an output carries.
pub struct EventStream {
    /// The union's Rust name: its events are the union's members.
    pub union: String,
    /// The union's error members, each selected by its member name (`:exception-type`).
    pub errors: Vec<ErrorRef>,
}

#[derive(Clone)]
pub struct Structure {
    /// The shape's name in the model (the synthetic name for inputs and outputs).
    pub name: String,
    pub rust_name: String,
    /// Name of its schema table in `schemas`.
    pub schema: String,
    pub docs: Option<String>,
    pub deprecated: Option<String>,
    pub fields: Vec<Field>,
    /// For errors: the code that selects it.
    pub error_code: Option<String>,
    /// The shape's own name in the model (for inputs and outputs, not the synthetic one).
    pub shape_name: String,
    /// `@xmlName` of the shape: its element name as a document's root.
    pub xml_name: Option<String>,
    /// `@xmlNamespace` of the shape, as the attribute (`xmlns="uri"`, `xmlns:p="uri"`).
    pub xml_namespace: Option<String>,
}

#[derive(Clone)]
pub struct Field {
    pub member_name: String,
    pub rust_name: String,
    pub ty: RustType,
    pub docs: Option<String>,
    pub deprecated: Option<String>,
    pub required: bool,
    pub presence: Presence,
    pub idempotency_token: bool,
    pub sensitive: bool,
    pub boxed: bool,
    /// `@xmlName`, `@ec2QueryName`, `@xmlFlattened` and `@timestampFormat` (the member's
    /// or its target's), as the model says; the protocol stage turns them into wire names
    /// and formats.
    pub xml_name: Option<String>,
    /// `@xmlAttribute`.
    pub xml_attribute: bool,
    /// `@xmlNamespace` of the member, as the attribute (`xmlns="uri"`, `xmlns:p="uri"`).
    pub xml_namespace: Option<String>,
    pub ec2_query_name: Option<String>,
    pub flattened: bool,
    pub timestamp_format: Option<String>,
    /// The shape id of the member's target.
    pub target: String,
    /// A list's member or a map's key or value, rather than a structure's member.
    pub in_collection: bool,
    /// The schema the member's value uses: `rt::schema::SCALAR` or a table in `schemas`.
    pub schema: SchemaRef,
    /// `@jsonName`, as the model says (awsJson protocols ignore it, REST ones use it).
    pub json_name: Option<String>,
    /// Where the member goes in an HTTP message (HTTP binding traits).
    pub http: HttpBinding,
    /// The target's `@mediaType`: a string's value is base64 in headers; a payload's is
    /// the body's content type.
    pub media_type: Option<String>,
    /// A response header that reads as unset when it does not parse (a customization).
    pub lenient: bool,
}

/// A member's HTTP binding trait, as the model says.
#[derive(Clone, Debug, PartialEq)]
pub enum HttpBinding {
    /// In the body (no binding trait).
    Body,
    /// `@httpLabel`: a segment of the URI path.
    Label,
    /// `@httpQuery`: a query parameter of this name.
    Query(String),
    /// `@httpQueryParams`: a map of query parameters.
    QueryParams,
    /// `@httpHeader`: a header of this name.
    Header(String),
    /// `@httpPrefixHeaders`: a map of headers whose names start with this prefix.
    PrefixHeaders(String),
    /// `@httpPayload`: the whole body.
    Payload,
    /// `@httpResponseCode`: the response's status code.
    ResponseCode,
    /// The output's one body member is the whole body, its element the document's root
    /// (`@s3UnwrappedXmlOutput`: S3's GetBucketLocation).
    Unwrapped,
}

/// An operation's `aws.protocols#httpChecksum`, its members resolved to their headers.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpChecksum {
    /// The header of `requestAlgorithmMember`, which names the request's algorithm.
    pub algorithm_header: Option<String>,
    /// `requestChecksumRequired`.
    pub required: bool,
    /// The header of `requestValidationModeMember`.
    pub validation_header: Option<String>,
    /// `responseAlgorithms` that clients compute, in the order the AWS SDKs prefer them.
    pub response_algorithms: Vec<String>,
}

/// The flexible checksum algorithms the generated clients compute, in the order the AWS
/// SDKs prefer them when a response carries several.
pub const CHECKSUM_ALGORITHMS: &[&str] = &["CRC64NVME", "CRC32C", "CRC32", "SHA1", "SHA256"];

/// An operation's `@http` trait.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpTrait {
    pub method: String,
    /// The URI pattern's path, split at `/`.
    pub path: Vec<PathSegment>,
    /// The pattern's literal query: keys and optional values.
    pub query: Vec<(String, Option<String>)>,
    /// The status code of a successful response.
    pub code: u16,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PathSegment {
    Literal(String),
    /// A label, by the input member's name; greedy labels (`{Key+}`) take several segments.
    Label {
        member: String,
        greedy: bool,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum SchemaRef {
    Scalar,
    /// A timestamp, in the format the protocol gives the member.
    Timestamp,
    Table(String),
    /// A `@streaming` blob, which no codec reads or writes: it is the message's body.
    Stream,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RustType {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
    Blob,
    DateTime,
    /// A `types` enum (string enum) by Rust name.
    Enum(String),
    /// An intEnum, carried as `i32`.
    IntEnum,
    Struct(String),
    /// A `types` union by Rust name.
    Union(String),
    /// A `types::error` structure by Rust name (errors are members of event stream unions).
    Error(String),
    /// `aws_smithy_types::Document`.
    Document,
    /// A `@streaming` blob: `aws_smithy_types::byte_stream::ByteStream`, the whole body of
    /// a request or response, never held in memory by the client.
    Stream,
    /// An event stream (a `@streaming` union, by Rust name) the response carries: the
    /// output holds an `EventReceiver` of the union's events.
    EventStream(String),
    /// An event stream the request carries: the input holds an `EventStreamSender` of the
    /// union's events.
    EventSender(String),
    BigInteger,
    BigDecimal,
    List(Box<RustType>),
    /// Key (a string or a string enum) and value.
    Map(Box<RustType>, Box<RustType>),
    /// The item of a `@sparse` list or the value of a `@sparse` map: nulls are `None`.
    Sparse(Box<RustType>),
}

pub struct Enum {
    pub name: String,
    pub rust_name: String,
    pub docs: Option<String>,
    pub deprecated: Option<String>,
    /// (variant, wire value, docs)
    pub variants: Vec<(String, String, Option<String>)>,
}

pub struct Collection {
    pub name: String,
    pub schema: String,
    /// One member for lists, key and value for maps.
    pub members: Vec<Field>,
    pub is_map: bool,
    /// `@sparse`: nulls are kept.
    pub sparse: bool,
}

/// What to generate from a model: which service, and with which protocol.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The service shape to generate, when the model has several.
    pub service: Option<ShapeId>,
    /// The protocol to use (a trait id or its name), when the service declares several.
    pub protocol: Option<String>,
    /// The AWS partitions file (`partitions.json`) that `aws.partition` in endpoint rules
    /// reads; needed only by models whose rules call it.
    pub partitions: Option<std::path::PathBuf>,
}

/// Chooses the service to generate: the only one in the model, or an error naming them.
pub fn normalize(model: &Model) -> Result<Service> {
    normalize_with(model, &Options::default())
}

/// [`normalize`] with the service and protocol `options` choose.
/// Output members bound to a header that a service customization reads leniently, with
/// the string member that keeps the header as sent: (service, member, string member).
/// S3's `Expires` (GetObject, HeadObject) holds whatever the uploader set, not always an
/// HTTP date; aws-sdk-s3 adds `ExpiresString`.
const HEADERS_KEPT_AS_STRINGS: &[(&str, &str, &str)] = &[("com.amazonaws.s3#AmazonS3", "Expires", "ExpiresString")];

pub fn normalize_with(model: &Model, options: &Options) -> Result<Service> {
    normalize_service(model, options).map_err(|mut e| {
        // Name the file of the shape each problem is about.
        for d in &mut e.diagnostics {
            if d.file.is_none() {
                d.file = d.shape.as_deref().and_then(|s| model.source_of(s)).map(Into::into);
            }
        }
        e
    })
}

fn normalize_service(model: &Model, options: &Options) -> Result<Service> {
    if let Some(id) = &options.service {
        return match model.get(id) {
            Some(service) if service.kind == ShapeKind::Service => Normalizer::new(model, service, options)?.run(),
            _ => Err(Diagnostic::new(format!("the model has no service {id}")).into()),
        };
    }
    let services: Vec<&Shape> = model.services().collect();
    match services.as_slice() {
        [service] => Normalizer::new(model, service, options)?.run(),
        [] => Err(Diagnostic::new("the model defines no service shape").into()),
        many => Err(Diagnostic::new(format!(
            "the model defines {} services ({}); choose one (`--service`)",
            many.len(),
            many.iter().map(|s| s.id.to_string()).collect::<Vec<_>>().join(", ")
        ))
        .into()),
    }
}

struct Normalizer<'m> {
    model: &'m Model,
    service: &'m Shape,
    protocol: Box<dyn Protocol>,
    /// Shapes that need a type or a schema table, in the order first reached.
    reached: Vec<ShapeId>,
    seen: BTreeSet<ShapeId>,
    diagnostics: Vec<Diagnostic>,
    rust_names: BTreeMap<ShapeId, String>,
    /// The service's endpoint rules, parsed before its operations (which set parameters).
    endpoint_rules: Option<crate::endpoints::EndpointRules>,
    partitions_file: Option<std::path::PathBuf>,
    /// The members boxed to break recursion (`ns#Shape$member`).
    boxed: BTreeSet<String>,
}

/// The members to box so that no structure or union contains itself without indirection,
/// chosen as smithy-rs chooses them (so that types match aws-sdk-*'s): while some cycle of
/// structure and union members has no box (a list or map is indirection enough), box the
/// member of such a cycle whose id sorts first (case-insensitively, as Smithy sorts ids).
/// smithy-rs takes the first unboxed cycle its topological index lists and boxes that
/// cycle's first member; here the first member over all unboxed cycles, which is the same
/// choice unless cycles interlock.
fn boxed_members(model: &Model) -> BTreeSet<String> {
    let inline = |kind| matches!(kind, ShapeKind::Structure | ShapeKind::Union);
    let nodes: Vec<&ShapeId> = model.shapes.iter().filter(|(_, s)| inline(s.kind)).map(|(id, _)| id).collect();
    let index: BTreeMap<&ShapeId, usize> = nodes.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    // (from, to, (member id lowercased, member id)): the pair sorts as Smithy sorts ids.
    let mut edges: Vec<(usize, usize, (String, String))> = Vec::new();
    for (from, id) in nodes.iter().enumerate() {
        for member in &model.expect(id).members {
            if let Some(&to) = index.get(&member.target) {
                let member_id = format!("{id}${}", member.name);
                edges.push((from, to, (member_id.to_lowercase(), member_id)));
            }
        }
    }
    let mut boxed = BTreeSet::new();
    loop {
        let live: Vec<&(usize, usize, (String, String))> = edges.iter().filter(|e| !boxed.contains(&e.2 .1)).collect();
        let component = strongly_connected(nodes.len(), live.iter().map(|e| (e.0, e.1)));
        // An edge within one strongly connected component lies on a cycle.
        match live.iter().filter(|e| component[e.0] == component[e.1]).map(|e| &e.2).min() {
            Some((_, member_id)) => {
                boxed.insert(member_id.clone());
            }
            None => return boxed,
        }
    }
}

/// The strongly connected component of each of `n` nodes (Tarjan's algorithm, iterative).
fn strongly_connected(n: usize, edges: impl Iterator<Item = (usize, usize)>) -> Vec<usize> {
    let mut adjacent = vec![Vec::new(); n];
    for (from, to) in edges {
        adjacent[from].push(to);
    }
    const UNVISITED: usize = usize::MAX;
    let (mut order, mut low, mut component) = (vec![UNVISITED; n], vec![0; n], vec![UNVISITED; n]);
    let (mut on_stack, mut stack, mut next, mut components) = (vec![false; n], Vec::new(), 0, 0);
    for root in 0..n {
        if order[root] != UNVISITED {
            continue;
        }
        // (node, index of the next neighbour to visit)
        let mut work = vec![(root, 0)];
        while let Some(&mut (node, ref mut at)) = work.last_mut() {
            if *at == 0 {
                order[node] = next;
                low[node] = next;
                next += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&to) = adjacent[node].get(*at) {
                *at += 1;
                if order[to] == UNVISITED {
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(order[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

/// A structure member's [`Presence`] from its traits (before the container's own rules).
fn presence(member: &Member, target: &Shape) -> Presence {
    // As aws-sdk-*: a stream is never an `Option`; an unset one is empty.
    if is_stream(target) || is_event_stream(target) {
        return Presence::Default(DefaultValue::Empty);
    }
    if member.has_trait(traits::CLIENT_OPTIONAL) {
        return Presence::Optional;
    }
    if let Some(default) = member.traits.get(traits::DEFAULT) {
        use serde_json::Value;
        let value = match (target.kind, default) {
            (ShapeKind::Boolean, Value::Bool(b)) => Some(DefaultValue::Bool(*b)),
            (ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Long | ShapeKind::IntEnum, Value::Number(n)) => {
                n.as_i64().map(DefaultValue::Int)
            }
            (ShapeKind::Float | ShapeKind::Double, Value::Number(n)) => n.as_f64().map(DefaultValue::Float),
            (ShapeKind::String | ShapeKind::Enum, Value::String(s)) => Some(DefaultValue::Str(s.clone())),
            (ShapeKind::Timestamp, Value::Number(n)) => epoch_parts(&n.to_string()).map(|(s, ns)| DefaultValue::Timestamp(s, ns)),
            (ShapeKind::Blob, Value::String(s)) => base64_decode(s).map(DefaultValue::Blob),
            (ShapeKind::Document, Value::Null) => None,
            (ShapeKind::Document, value) => Some(DefaultValue::Document(value.clone())),
            (ShapeKind::List, Value::Array(a)) if a.is_empty() => Some(DefaultValue::Empty),
            (ShapeKind::Map, Value::Object(o)) if o.is_empty() => Some(DefaultValue::Empty),
            // `null` removes a default.
            _ => None,
        };
        return value.map_or(Presence::Optional, Presence::Default);
    }
    match target.kind {
        _ if !member.has_trait(traits::REQUIRED) => Presence::Optional,
        // As aws-sdk-* (Smithy's "client careful" nullability): a required structure or
        // union member stays an `Option`, so building never needs a value of it.
        ShapeKind::String
        | ShapeKind::Enum
        | ShapeKind::List
        | ShapeKind::Map
        | ShapeKind::Boolean
        | ShapeKind::Byte
        | ShapeKind::Short
        | ShapeKind::Integer
        | ShapeKind::Long
        | ShapeKind::IntEnum
        | ShapeKind::Float
        | ShapeKind::Double
        | ShapeKind::Timestamp
        | ShapeKind::Blob => Presence::Required,
        _ => Presence::Optional,
    }
}

/// Epoch seconds as written in a model (`946845296.123`) to seconds and nanoseconds.
pub fn epoch_parts(text: &str) -> Option<(i64, u32)> {
    if text.contains(['e', 'E']) {
        let f: f64 = text.parse().ok()?;
        let secs = f.floor();
        return Some((secs as i64, ((f - secs) * 1e9).round() as u32));
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let mut secs: i64 = whole.parse().ok()?;
    let digits: String = fraction.chars().chain(std::iter::repeat('0')).take(9).collect();
    let mut nanos: u32 = digits.parse().ok()?;
    if text.starts_with('-') && nanos > 0 {
        secs -= 1;
        nanos = 1_000_000_000 - nanos;
    }
    Some((secs, nanos))
}

/// The auth scheme traits of Smithy's prelude and of AWS: a service's effective schemes,
/// without an `@auth` trait, are those of these it has, in alphabetical order (as the
/// specification says). `AuthScheme::of_trait` tells which the clients can call with; an
/// operation left with none of those is refused rather than called unsigned.
const AUTH_SCHEME_TRAITS: &[&str] = &[
    traits::SIGV4,
    "aws.auth#sigv4a",
    traits::HTTP_BEARER_AUTH,
    "smithy.api#httpApiKeyAuth",
    "smithy.api#httpBasicAuth",
    "smithy.api#httpDigestAuth",
];

/// Standard base64 (as `@default` values of blobs are written) to bytes.
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.trim_end_matches('=').bytes().map(value).collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, d)| n | u32::from(*d) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

impl Service {
    /// Whether the endpoints may ask for SigV4a (the crate then carries `rt/sigv4a.rs` and
    /// aws-sigv4's `sigv4a` feature).
    pub fn uses_sigv4a(&self) -> bool {
        self.endpoint_rules.as_ref().is_some_and(|rules| rules.auth_scheme_names().contains("sigv4a"))
    }
    /// Whether some operation gzips its requests (the crate then carries `rt/gzip.rs` and `flate2`).
    pub fn uses_gzip(&self) -> bool {
        self.operations.iter().any(|op| op.gzip)
    }
    /// Whether some operation sends an event stream (the crate then carries
    /// `rt/event_sender.rs`, `rt/checksums.rs` for the signatures' hashes, and `futures-core`).
    pub fn sends_events(&self) -> bool {
        self.operations.iter().any(|op| op.input.fields.iter().any(|f| matches!(f.ty, RustType::EventSender(_))))
    }
    /// Whether some operation sends a checksum of its body (the crate then carries `rt/checksums.rs`).
    pub fn uses_checksums(&self) -> bool {
        self.operations.iter().any(|op| op.content_md5)
    }

    /// Whether some operation has flexible checksums (the crate then carries
    /// `rt/flexible_checksums.rs` and `crc32fast`).
    pub fn uses_flexible_checksums(&self) -> bool {
        self.operations.iter().any(|op| op.http_checksum.is_some())
    }

    /// Whether an operation streams its request or response body.
    pub fn uses_streams(&self) -> bool {
        self.operations.iter().flat_map(|op| op.input.fields.iter().chain(&op.output.fields)).any(|f| f.ty == RustType::Stream)
    }
}

impl Structure {
    /// Every member an `Option` (operation inputs and errors).
    fn make_optional(&mut self) {
        for field in self.fields.iter_mut().filter(|f| !f.ty.is_stream()) {
            field.presence = Presence::Optional;
        }
    }
}

impl RustType {
    /// A stream of the message body (bytes or events): never an `Option`, never copied or
    /// compared, and left alone by the codecs.
    pub fn is_stream(&self) -> bool {
        matches!(self, RustType::Stream | RustType::EventStream(_) | RustType::EventSender(_))
    }
}

impl Field {
    /// Whether the member is an `Option` in Rust.
    pub fn optional(&self) -> bool {
        self.presence == Presence::Optional
    }
}

fn docs_of(traits: &crate::model::Traits) -> Option<String> {
    traits.get(traits::DOCUMENTATION).and_then(|v| v.as_str()).map(docs::to_markdown).filter(|d| !d.is_empty())
}

fn deprecated_of(traits: &crate::model::Traits) -> Option<String> {
    traits.get(traits::DEPRECATED).map(|v| {
        let message = v.get("message").and_then(|m| m.as_str()).unwrap_or("");
        let since = v.get("since").and_then(|m| m.as_str()).map(|s| format!(" (since {s})")).unwrap_or_default();
        format!("{message}{since}").trim().to_owned()
    })
}

impl<'m> Normalizer<'m> {
    fn new(model: &'m Model, service: &'m Shape, options: &Options) -> Result<Self> {
        let protocol = protocol::for_service(service, options.protocol.as_deref())
            .map_err(|e| Error::one(Diagnostic::new(e).shape(service.id.as_str())))?;
        Ok(Self {
            model,
            service,
            protocol,
            reached: Vec::new(),
            seen: BTreeSet::new(),
            diagnostics: Vec::new(),
            rust_names: BTreeMap::new(),
            endpoint_rules: None,
            partitions_file: options.partitions.clone(),
            boxed: boxed_members(model),
        })
    }

    fn shape_name(&self, id: &ShapeId) -> String {
        self.service.rename.get(id).cloned().unwrap_or_else(|| id.name().to_owned())
    }

    /// All operations of the service and its resources, sorted by name.
    fn operations(&self) -> Vec<&'m Shape> {
        let mut ops = BTreeMap::new();
        let mut stack: Vec<&Shape> = vec![self.service];
        let mut visited = BTreeSet::new();
        while let Some(container) = stack.pop() {
            if !visited.insert(container.id.clone()) {
                continue;
            }
            for op in &container.operations {
                let shape = self.model.expect(op);
                ops.insert(self.shape_name(op), shape);
            }
            for resource in &container.resources {
                stack.push(self.model.expect(resource));
            }
        }
        ops.into_values().collect()
    }

    /// Why `op` cannot be generated when its input or output streams events in a protocol
    /// that defines no event streams (the query protocols).
    fn events_without_format(&self, op: &Shape) -> Option<String> {
        if self.protocol.event_format().is_some() {
            return None;
        }
        [("input", &op.input), ("output", &op.output)].into_iter().find_map(|(side, io)| {
            let member = self.model.expect(io.as_ref()?).members.iter().find(|m| is_event_stream(self.model.expect(&m.target)))?;
            Some(format!("its {side} member {} is an event stream, which {} does not define", member.name, self.protocol.name()))
        })
    }

    fn reach(&mut self, id: &ShapeId) {
        if !self.seen.insert(id.clone()) {
            return;
        }
        let shape = self.model.expect(id);
        match shape.kind {
            // An enum's members target `smithy.api#Unit`, which is no type of the crate.
            ShapeKind::Enum => self.reached.push(id.clone()),
            ShapeKind::Structure | ShapeKind::Union | ShapeKind::List | ShapeKind::Map => {
                self.reached.push(id.clone());
                for m in &shape.members {
                    self.reach(&m.target);
                }
            }
            _ => {}
        }
    }

    fn run(mut self) -> Result<Service> {
        let service = self.service;
        let aws = service.traits.get(traits::AWS_SERVICE);
        let sdk_id =
            aws.and_then(|v| v.get("sdkId")).and_then(|v| v.as_str()).map(str::to_owned).unwrap_or_else(|| service.id.name().to_owned());
        let signing_name = service.traits.get(traits::SIGV4).and_then(|v| v.get("name")).and_then(|v| v.as_str()).map(str::to_owned);
        // The service's effective auth schemes: its `@auth` list, else every auth scheme
        // trait it has, alphabetically. A service with none is called without signing (as
        // aws-sdk-*'s `noAuth`).
        let effective: Vec<String> = match service.traits.get(traits::AUTH).and_then(|v| v.as_array()) {
            Some(list) => list.iter().filter_map(|v| v.as_str()).map(str::to_owned).collect(),
            None => {
                let mut found: Vec<String> = service.traits.keys().filter(|k| AUTH_SCHEME_TRAITS.contains(&k.as_str())).cloned().collect();
                found.sort();
                found
            }
        };
        let service_auth: Vec<AuthScheme> = effective.iter().filter_map(|id| AuthScheme::of_trait(id)).collect();
        if !effective.is_empty() && service_auth.is_empty() {
            return Err(Error::one(
                Diagnostic::new(format!(
                    "the service's auth schemes ({}) are not supported; only SigV4 (aws.auth#sigv4), bearer tokens (smithy.api#httpBearerAuth) and unauthenticated services are",
                    effective.join(", ")
                ))
                .shape(service.id.as_str()),
            ));
        }
        let unauthenticated = effective.is_empty();
        let signing_name = signing_name.unwrap_or_default();
        let crate_name = format!("sdk-{}", sdk_id.to_lowercase().replace([' ', '_'], "-"));
        let partitions = self.endpoint_rules()?;

        let mut ops = self.operations();
        let mut skipped = Vec::new();
        ops.retain(|op| {
            let why = self.events_without_format(op);
            match why {
                Some(why) => {
                    skipped.push((self.shape_name(&op.id), why));
                    false
                }
                None => true,
            }
        });
        for op in &ops {
            for target in [&op.input, &op.output].into_iter().flatten() {
                let shape = self.model.expect(target);
                for m in &shape.members {
                    self.reach(&m.target);
                }
            }
            for e in op.errors.iter().chain(&service.errors) {
                let shape = self.model.expect(e);
                for m in &shape.members {
                    self.reach(&m.target);
                }
            }
        }
        // Rust names for every type, made unique across the crate.
        // Errors of operations, and error structures reached as members (event streams).
        let error_ids: BTreeSet<ShapeId> = ops
            .iter()
            .flat_map(|o| o.errors.iter())
            .chain(&service.errors)
            .chain(self.reached.iter().filter(|id| self.model.expect(id).has_trait(traits::ERROR)))
            .cloned()
            .collect();
        let mut typed: Vec<ShapeId> = self
            .reached
            .iter()
            .filter(|id| matches!(self.model.expect(id).kind, ShapeKind::Structure | ShapeKind::Union | ShapeKind::Enum))
            .cloned()
            .collect();
        typed.retain(|id| !error_ids.contains(id));
        typed.extend(error_ids.iter().cloned());
        let names: Vec<String> = typed.iter().map(|id| naming::type_name(&self.shape_name(id))).collect();
        for (first, repeat) in naming::collisions(&names) {
            self.diagnostics.push(
                Diagnostic::new(format!(
                    "`{}` and `{}` both become the Rust type `{}`; give one another name in the service's `rename` map",
                    typed[first], typed[repeat], names[repeat]
                ))
                .shape(typed[repeat].to_string()),
            );
        }
        for (id, name) in typed.iter().zip(names) {
            self.rust_names.insert(id.clone(), name);
        }

        let mut operations = Vec::new();
        for op in &ops {
            let mut operation = self.operation(op);
            operation.unsigned |= unauthenticated;
            if !operation.unsigned {
                match op.traits.get(traits::AUTH).and_then(|v| v.as_array()) {
                    Some(list) => {
                        let named: Vec<&str> = list.iter().filter_map(|v| v.as_str()).collect();
                        operation.auth = named.iter().filter_map(|id| AuthScheme::of_trait(id)).collect();
                        if operation.auth.is_empty() {
                            self.diagnostics.push(
                                Diagnostic::new(format!(
                                    "the operation's auth schemes ({}) are not supported; only SigV4 (aws.auth#sigv4) and bearer tokens (smithy.api#httpBearerAuth) are",
                                    named.join(", ")
                                ))
                                .shape(op.id.as_str()),
                            );
                        }
                    }
                    None => operation.auth = service_auth.clone(),
                }
            }
            operations.push(operation);
        }
        let mut structures = Vec::new();
        let mut enums = Vec::new();
        let mut unions = Vec::new();
        let mut event_streams = Vec::new();
        let mut collections = Vec::new();
        for id in self.reached.clone() {
            let shape = self.model.expect(&id);
            match shape.kind {
                ShapeKind::Structure if error_ids.contains(&id) => {}
                ShapeKind::Structure => structures.push(self.structure(shape, None)),
                ShapeKind::Union => {
                    let mut union = self.structure(shape, None);
                    union.make_optional();
                    if is_event_stream(shape) {
                        // Errors in the stream are not events: they are the stream's error enum,
                        // selected by member name (`:exception-type`).
                        let errors = union
                            .fields
                            .iter()
                            .filter_map(|f| match &f.ty {
                                RustType::Error(rust_name) => {
                                    let target = shape.member(&f.member_name).map(|m| m.target.clone())?;
                                    Some(ErrorRef { id: target, rust_name: rust_name.clone(), code: f.member_name.clone() })
                                }
                                _ => None,
                            })
                            .collect();
                        union.fields.retain(|f| !matches!(f.ty, RustType::Error(_)));
                        event_streams.push(EventStream { union: union.rust_name.clone(), errors });
                    }
                    unions.push(union);
                }
                ShapeKind::Enum => enums.push(self.enumeration(shape)),
                ShapeKind::List | ShapeKind::Map => collections.push(Collection {
                    name: self.shape_name(&id),
                    schema: naming::static_name(&self.shape_name(&id)),
                    members: shape.members.iter().map(|m| self.field(shape, m)).collect(),
                    is_map: shape.kind == ShapeKind::Map,
                    sparse: shape.has_trait(traits::SPARSE),
                }),
                _ => {}
            }
        }
        let errors = error_ids
            .iter()
            .map(|id| {
                let shape = self.model.expect(id);
                let mut s = self.structure(shape, None);
                s.error_code = Some(self.protocol.error_code(shape));
                s.make_optional();
                s
            })
            .collect();
        let endpoint_discovery = self.endpoint_discovery(&ops, &operations)?;
        if !self.diagnostics.is_empty() {
            return Err(Error { diagnostics: self.diagnostics });
        }
        Ok(Service {
            id: service.id.clone(),
            sdk_id,
            crate_name,
            signing_name,
            version: service.version.clone().unwrap_or_default(),
            xml_namespace: xml_namespace(&service.traits),
            protocol: self.protocol,
            docs: docs_of(&service.traits),
            operations,
            skipped,
            structures,
            errors,
            enums,
            unions,
            event_streams,
            collections,
            endpoint_rules: self.endpoint_rules,
            partitions,
            endpoint_discovery,
        })
    }

    /// `aws.api#clientEndpointDiscovery`, when an operation requires a discovered endpoint
    /// (`aws.api#clientDiscoveredEndpoint(required: true)`): the discovery operation and the
    /// fields of its output, checked against the shapes the trait requires.
    fn endpoint_discovery(&self, ops: &[&Shape], operations: &[Operation]) -> Result<Option<EndpointDiscovery>> {
        let service = self.service;
        let Some(discovery) = service.traits.get(traits::CLIENT_ENDPOINT_DISCOVERY) else { return Ok(None) };
        let required = |op: &&Shape| {
            op.traits.get(traits::CLIENT_DISCOVERED_ENDPOINT).and_then(|t| t.get("required")).and_then(|r| r.as_bool()) == Some(true)
        };
        if !ops.iter().any(required) {
            return Ok(None);
        }
        let at = |message: String| Error::one(Diagnostic::new(message).shape(service.id.as_str()));
        let target = discovery.get("operation").and_then(|v| v.as_str()).unwrap_or_default();
        let index = ops
            .iter()
            .position(|op| op.id.as_str() == target)
            .ok_or_else(|| at(format!("clientEndpointDiscovery names the operation `{target}`, which the service does not bind")))?;
        let member = |shape: &Shape, name: &str, kinds: &[ShapeKind]| -> Result<ShapeId> {
            let m = shape.member(name).ok_or_else(|| {
                at(format!("endpoint discovery: `{}` has no member `{name}`, which clientEndpointDiscovery requires", shape.id))
            })?;
            let target = self.model.expect(&m.target);
            if !kinds.contains(&target.kind) {
                return Err(at(format!(
                    "endpoint discovery: `{}${name}` is a {:?}, not what clientEndpointDiscovery requires",
                    shape.id, target.kind
                )));
            }
            Ok(m.target.clone())
        };
        let output = ops[index].output.as_ref().map(|id| self.model.expect(id)).ok_or_else(|| at(format!("`{target}` has no output")))?;
        let list = self.model.expect(&member(output, "Endpoints", &[ShapeKind::List])?);
        let endpoint = self.model.expect(&member(list, "member", &[ShapeKind::Structure])?);
        member(endpoint, "Address", &[ShapeKind::String])?;
        member(endpoint, "CachePeriodInMinutes", &[ShapeKind::Long])?;
        Ok(Some(EndpointDiscovery {
            operation_fn: operations[index].fn_name.clone(),
            operation: operations[index].name.clone(),
            endpoints: naming::field_name("Endpoints"),
            address: naming::field_name("Address"),
            cache_period: naming::field_name("CachePeriodInMinutes"),
        }))
    }

    /// Parses the service's endpoint rules (into `self.endpoint_rules`) and reads the
    /// partitions they need, if they call `aws.partition`.
    fn endpoint_rules(&mut self) -> Result<Option<crate::endpoints::Partitions>> {
        let service = self.service;
        let at = |message: String| Error::one(Diagnostic::new(message).shape(service.id.as_str()));
        if service.has_trait(traits::ENDPOINT_BDD) && !service.has_trait(traits::ENDPOINT_RULE_SET) {
            return Err(at("the service's endpoint rules are in the endpointBdd form only, which is not supported yet".into()));
        }
        let Some(rule_set) = service.traits.get(traits::ENDPOINT_RULE_SET) else {
            self.endpoint_rules = Some(crate::endpoints::without_rules());
            return Ok(None);
        };
        let rules = crate::endpoints::parse(rule_set, service.traits.get(traits::CLIENT_CONTEXT_PARAMS))
            .map_err(|e| at(format!("endpoint rules: {e}")))?;
        let partitions = if rules.uses_partitions {
            let path = self.partitions_file.as_ref().ok_or_else(|| {
                at("the endpoint rules call aws.partition: give the generator the AWS partitions file (partitions.json, `--partitions PATH`)".into())
            })?;
            let text = std::fs::read_to_string(path).map_err(|e| at(format!("cannot read the partitions file {}: {e}", path.display())))?;
            Some(crate::endpoints::Partitions::parse(&text).map_err(|e| at(format!("{}: {e}", path.display())))?)
        } else {
            None
        };
        self.endpoint_rules = Some(rules);
        Ok(partitions)
    }

    /// The endpoint parameters `op` sets, checked against the rule set's parameters.
    fn endpoint_context(&mut self, op: &Shape) -> Vec<EndpointContext> {
        let Some(rules) = &self.endpoint_rules else { return Vec::new() };
        let mut out = Vec::new();
        let mut problems = Vec::new();
        let position = |name: &str, why: &str| {
            rules
                .params
                .iter()
                .position(|p| p.name == name)
                .ok_or_else(|| format!("{why} sets the endpoint parameter `{name}`, which the rule set does not declare"))
        };
        if let Some(statics) = op.traits.get(traits::STATIC_CONTEXT_PARAMS).and_then(|v| v.as_object()) {
            for (name, value) in statics {
                let literal = match value.get("value") {
                    Some(serde_json::Value::String(s)) => crate::endpoints::Literal::Str(s.clone()),
                    Some(serde_json::Value::Bool(b)) => crate::endpoints::Literal::Bool(*b),
                    Some(serde_json::Value::Array(items)) => {
                        crate::endpoints::Literal::StrArray(items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect())
                    }
                    _ => {
                        problems.push(format!("@staticContextParams gives `{name}` no string, boolean or array value"));
                        continue;
                    }
                };
                match position(name, "@staticContextParams") {
                    Ok(i) => out.push(EndpointContext { param: i, source: ContextSource::Static(literal) }),
                    Err(e) => problems.push(e),
                }
            }
        }
        if let Some(input) = &op.input {
            for member in &self.model.expect(input).members {
                if let Some(name) = member.traits.get(traits::CONTEXT_PARAM).and_then(|v| v.get("name")).and_then(|v| v.as_str()) {
                    match position(name, &format!("@contextParam on {}", member.name)) {
                        Ok(i) => out.push(EndpointContext { param: i, source: ContextSource::Member(member.name.clone()) }),
                        Err(e) => problems.push(e),
                    }
                }
            }
        }
        if let Some(paths) = op.traits.get(traits::OPERATION_CONTEXT_PARAMS).and_then(|v| v.as_object()) {
            for (name, value) in paths {
                let Some(path) = value.get("path").and_then(|v| v.as_str()) else {
                    problems.push(format!("@operationContextParams gives `{name}` no path"));
                    continue;
                };
                match (position(name, "@operationContextParams"), crate::jmespath::parse(path)) {
                    (Ok(i), Ok(path)) => out.push(EndpointContext { param: i, source: ContextSource::Path(path) }),
                    (Err(e), _) => problems.push(e),
                    (_, Err(e)) => problems.push(format!("@operationContextParams `{name}`: the path {e}")),
                }
            }
        }
        for problem in problems {
            self.diagnostics.push(Diagnostic::new(problem).shape(op.id.as_str()));
        }
        out
    }

    fn operation(&mut self, op: &Shape) -> Operation {
        let name = self.shape_name(&op.id);
        let io = |target: &Option<ShapeId>, suffix: &str, this: &mut Self| {
            let synthetic = format!("{name}{suffix}");
            let mut s = match target {
                Some(t) => this.structure(this.model.expect(t), Some(&synthetic)),
                None => Structure {
                    name: synthetic.clone(),
                    rust_name: naming::type_name(&synthetic),
                    schema: naming::operation_table(&name, suffix),
                    docs: None,
                    deprecated: None,
                    fields: Vec::new(),
                    error_code: None,
                    shape_name: synthetic.clone(),
                    xml_name: None,
                    xml_namespace: None,
                },
            };
            s.schema = naming::operation_table(&name, suffix);
            if s.docs.is_none() {
                s.docs = Some(format!("The {} of the `{name}` operation.", suffix.to_lowercase()));
            }
            if suffix == "Input" {
                s.make_optional();
            }
            s
        };
        let mut input = io(&op.input, "Input", self);
        // An input's event stream is sent, not received.
        for f in &mut input.fields {
            if let RustType::EventStream(union) = &f.ty {
                f.ty = RustType::EventSender(union.clone());
            }
        }
        let mut output = io(&op.output, "Output", self);
        if op.has_trait(traits::S3_UNWRAPPED_XML_OUTPUT) {
            self.unwrap_output(op, &mut output);
        }
        self.keep_headers_as_strings(&mut output);
        let declared: Vec<ErrorRef> = op
            .errors
            .iter()
            .chain(&self.service.errors)
            .map(|e| ErrorRef {
                id: e.clone(),
                rust_name: self.rust_names[e].clone(),
                code: self.protocol.error_code(self.model.expect(e)),
            })
            .collect();
        let waiters = self.waiters(op, &declared);
        let mut errors = declared;
        errors.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        errors.dedup_by(|a, b| a.rust_name == b.rust_name);
        let pagination = self.pagination(op, &input, &output);
        let host_prefix = self.host_prefix(op, &input);
        let gzip = self.request_compression(op);
        // Event streams in protocols without them are left out of the service (see
        // `skipped`); this guards the operations a caller builds some other way.
        let unsupported = self.events_without_format(op).map(|why| format!("{name}: {why}"));
        let requires_length = op.input.as_ref().is_some_and(|input| {
            self.model.expect(input).members.iter().any(|m| {
                let target = self.model.expect(&m.target);
                is_stream(target) && target.has_trait(traits::REQUIRES_LENGTH)
            })
        });
        let no_auth = op.traits.get(traits::AUTH).and_then(|a| a.as_array()).is_some_and(|schemes| schemes.is_empty());
        let endpoint_context = self.endpoint_context(op);
        let http = self.http_trait(op, &input);
        let http_checksum = op.traits.get(traits::HTTP_CHECKSUM).map(|value| self.http_checksum(op, value, &input));
        // A trait that requires a checksum but names no algorithm member asks for an MD5 in
        // `Content-MD5`, as its specification says.
        let md5_required = op.traits.get(traits::HTTP_CHECKSUM).is_some_and(|value| {
            value.get("requestChecksumRequired").and_then(|v| v.as_bool()) == Some(true) && value.get("requestAlgorithmMember").is_none()
        });
        if http.is_none() && self.protocol.http_bindings() {
            self.diagnostics.push(
                Diagnostic::new(format!("the operation has no @http trait, which {} requires", self.protocol.name())).shape(op.id.as_str()),
            );
        }
        Operation {
            http,
            endpoint_context,
            unsigned: no_auth || op.has_trait(traits::OPTIONAL_AUTH),
            auth: Vec::new(),
            unit_input: op.input.is_none(),
            unsupported,
            id: op.id.clone(),
            pagination,
            host_prefix,
            gzip,
            content_md5: op.has_trait(traits::HTTP_CHECKSUM_REQUIRED) || md5_required,
            http_checksum: http_checksum.flatten(),
            requires_length,
            waiters,
            fn_name: naming::operation_fn(&name),
            docs: docs_of(&op.traits),
            deprecated: deprecated_of(&op.traits),
            name,
            input,
            output,
            errors,
        }
    }

    /// `@httpChecksum`, its members resolved to the headers they are bound to; `None` for a
    /// trait that names neither member (a required checksum is then `Content-MD5`).
    fn http_checksum(&mut self, op: &Shape, value: &serde_json::Value, input: &Structure) -> Option<HttpChecksum> {
        let text = |key: &str| value.get(key).and_then(|v| v.as_str());
        let mut header_of = |key: &str| -> Option<String> {
            let name = text(key)?;
            match input.fields.iter().find(|f| f.member_name == name) {
                Some(Field { http: HttpBinding::Header(header), .. }) => Some(header.to_ascii_lowercase()),
                Some(_) => {
                    self.diagnostics.push(
                        Diagnostic::new(format!(
                            "@httpChecksum's {key} {name} is not bound to a header (@httpHeader), which this generator needs to read it"
                        ))
                        .shape(op.id.as_str()),
                    );
                    None
                }
                None => {
                    self.diagnostics
                        .push(Diagnostic::new(format!("@httpChecksum's {key} {name} is not a member of the input")).shape(op.id.as_str()));
                    None
                }
            }
        };
        let algorithm_header = header_of("requestAlgorithmMember");
        let validation_header = header_of("requestValidationModeMember");
        let required = value.get("requestChecksumRequired").and_then(|v| v.as_bool()).unwrap_or(false);
        let modeled: Vec<String> = value
            .get("responseAlgorithms")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|v| v.as_str()).map(str::to_ascii_uppercase).collect())
            .unwrap_or_default();
        let response_algorithms = CHECKSUM_ALGORITHMS.iter().filter(|a| modeled.iter().any(|m| m == *a)).map(|a| (*a).to_owned()).collect();
        if algorithm_header.is_none() && validation_header.is_none() {
            return None;
        }
        Some(HttpChecksum { algorithm_header, required, validation_header, response_algorithms })
    }

    /// A customization of outputs (aws-sdk-s3's, for `Expires`): a timestamp header that
    /// services send in forms that do not parse is read leniently (unset when it does not
    /// parse, deprecated), and an added string member keeps it as sent.
    fn keep_headers_as_strings(&mut self, output: &mut Structure) {
        let Some((_, member, string_member)) = HEADERS_KEPT_AS_STRINGS.iter().find(|(s, _, _)| *s == self.service.id.as_str()) else {
            return;
        };
        let Some(at) = output.fields.iter().position(|f| f.member_name == *member && matches!(f.http, HttpBinding::Header(_))) else {
            return;
        };
        let string_name = naming::field_name(string_member);
        if output.fields.iter().any(|f| f.member_name == *string_member) {
            return;
        }
        let timestamp = &mut output.fields[at];
        timestamp.lenient = true;
        timestamp.deprecated = Some(format!("Please use `{string_name}` which contains the raw, unparsed value of this field."));
        let string = Field {
            member_name: (*string_member).to_owned(),
            rust_name: string_name,
            ty: RustType::String,
            docs: Some(format!("The raw, unparsed value of the `{member}` header.")),
            deprecated: None,
            lenient: false,
            timestamp_format: None,
            schema: SchemaRef::Scalar,
            target: "smithy.api#String".to_owned(),
            ..timestamp.clone()
        };
        output.fields.insert(at + 1, string);
    }

    /// `@s3UnwrappedXmlOutput`: the response's body is the output's one body member, not
    /// a document wrapping it.
    fn unwrap_output(&mut self, op: &Shape, output: &mut Structure) {
        let mut body = output.fields.iter_mut().filter(|f| f.http == HttpBinding::Body);
        match (body.next(), body.next()) {
            (Some(member), None) => member.http = HttpBinding::Unwrapped,
            _ => self
                .diagnostics
                .push(Diagnostic::new("@s3UnwrappedXmlOutput needs an output with exactly one member in the body").shape(op.id.as_str())),
        }
    }

    /// `@http`, its URI pattern parsed: every label must name an `@httpLabel` member of the
    /// input, every `@httpLabel` member must have a label, only the last may be greedy.
    fn http_trait(&mut self, op: &Shape, input: &Structure) -> Option<HttpTrait> {
        let http = op.traits.get(traits::HTTP)?;
        let mut problems = Vec::new();
        let method = http.get("method").and_then(|m| m.as_str()).unwrap_or_default().to_owned();
        if method.is_empty() {
            problems.push("@http has no method".to_owned());
        }
        let code = http.get("code").and_then(|c| c.as_u64()).unwrap_or(200);
        let uri = http.get("uri").and_then(|u| u.as_str()).unwrap_or_default();
        if !uri.starts_with('/') {
            problems.push(format!("@http's uri {uri:?} does not start with /"));
        }
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let mut segments = Vec::new();
        let mut seen_greedy = false;
        for segment in path.split('/').skip(1) {
            match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(label) => {
                    let (name, greedy) = match label.strip_suffix('+') {
                        Some(name) => (name, true),
                        None => (label, false),
                    };
                    // Greedy labels may stand mid-path (S3 Control's `{Name+}/policystatus`), one per pattern.
                    if greedy && std::mem::replace(&mut seen_greedy, true) {
                        problems.push(format!("@http's uri {uri:?}: at most one label may be greedy"));
                    }
                    match input.fields.iter().find(|f| f.member_name == name) {
                        Some(f) if f.http == HttpBinding::Label => {}
                        Some(_) => problems.push(format!("@http's uri {uri:?}: {name} is not an @httpLabel member")),
                        None => problems.push(format!("@http's uri {uri:?} names {name}, which is not a member of the input")),
                    }
                    segments.push(PathSegment::Label { member: name.to_owned(), greedy });
                }
                None if segment.contains(['{', '}']) => problems.push(format!("@http's uri {uri:?}: a label must be a whole segment")),
                None => segments.push(PathSegment::Literal(segment.to_owned())),
            }
        }
        for f in input.fields.iter().filter(|f| f.http == HttpBinding::Label) {
            if !segments.iter().any(|s| matches!(s, PathSegment::Label { member, .. } if *member == f.member_name)) {
                problems.push(format!("the @httpLabel member {} has no label in @http's uri {uri:?}", f.member_name));
            }
        }
        let query = query
            .split('&')
            .filter(|q| !q.is_empty())
            .map(|q| match q.split_once('=') {
                Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                None => (q.to_owned(), None),
            })
            .collect();
        for problem in problems {
            self.diagnostics.push(Diagnostic::new(problem).shape(op.id.as_str()));
        }
        Some(HttpTrait { method, path: segments, query, code: u16::try_from(code).unwrap_or(200) })
    }

    /// `@endpoint`'s host prefix; each `{label}` must name a `@hostLabel` string member of
    /// the input.
    fn host_prefix(&mut self, op: &Shape, input: &Structure) -> Option<String> {
        let endpoint = op.traits.get(traits::ENDPOINT)?;
        let Some(prefix) = endpoint.get("hostPrefix").and_then(|p| p.as_str()) else {
            self.diagnostics.push(Diagnostic::new("@endpoint has no hostPrefix string").shape(op.id.to_string()));
            return None;
        };
        let mut rest = prefix;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.diagnostics
                    .push(Diagnostic::new(format!("the host prefix {prefix:?} has an unclosed label")).shape(op.id.to_string()));
                return None;
            };
            let label = &rest[open + 1..close];
            let member = input.fields.iter().find(|f| f.member_name == label);
            match member {
                Some(f) if f.ty == RustType::String => {}
                Some(_) => self
                    .diagnostics
                    .push(Diagnostic::new(format!("the host label {label:?} of {prefix:?} must target a string")).shape(op.id.to_string())),
                None => self.diagnostics.push(
                    Diagnostic::new(format!("the host prefix {prefix:?} names {label:?}, which is not a member of the input"))
                        .shape(op.id.to_string()),
                ),
            }
            rest = &rest[close + 1..];
        }
        Some(prefix.to_owned())
    }

    /// Whether `@requestCompression` lists gzip (the only encoding Smithy defines); other
    /// encodings are an error, since the request could not be sent as the model says.
    fn request_compression(&mut self, op: &Shape) -> bool {
        let Some(trait_value) = op.traits.get(traits::REQUEST_COMPRESSION) else { return false };
        let encodings: Vec<&str> = trait_value
            .get("encodings")
            .and_then(|e| e.as_array())
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        if encodings.iter().any(|e| e.eq_ignore_ascii_case("gzip")) {
            return true;
        }
        self.diagnostics
            .push(Diagnostic::new(format!("@requestCompression lists {encodings:?}; only gzip is supported")).shape(op.id.to_string()));
        false
    }

    /// Reads `smithy.waiters#waitable`; error types naming a modeled error become its code.
    fn waiters(&mut self, op: &Shape, errors: &[ErrorRef]) -> Vec<Waiter> {
        let Some(serde_json::Value::Object(waiters)) = op.traits.get(traits::WAITABLE) else { return Vec::new() };
        let mut out = Vec::new();
        for (name, spec) in waiters {
            let mut acceptors = Vec::new();
            for acceptor in spec.get("acceptors").and_then(|a| a.as_array()).into_iter().flatten() {
                let state = match acceptor.get("state").and_then(|s| s.as_str()) {
                    Some("success") => AcceptorState::Success,
                    Some("failure") => AcceptorState::Failure,
                    Some("retry") => AcceptorState::Retry,
                    other => {
                        self.diagnostics
                            .push(Diagnostic::new(format!("waiter {name}: unknown acceptor state {other:?}")).shape(op.id.as_str()));
                        continue;
                    }
                };
                let m = acceptor.get("matcher");
                let path = |key: &str| {
                    let v = m?.get(key)?;
                    Some((
                        crate::jmespath::parse(v.get("path")?.as_str()?),
                        v.get("comparator")?.as_str()?.to_owned(),
                        v.get("expected")?.as_str()?.to_owned(),
                    ))
                };
                let matcher = if let Some(b) = m.and_then(|m| m.get("success")).and_then(|b| b.as_bool()) {
                    Matcher::Success(b)
                } else if let Some(e) = m.and_then(|m| m.get("errorType")).and_then(|e| e.as_str()) {
                    let short = e.rsplit('#').next().unwrap_or(e);
                    let code = errors
                        .iter()
                        .zip(op.errors.iter().chain(&self.service.errors))
                        .find(|(_, id)| id.name() == short)
                        .map(|(r, _)| r.code.clone());
                    Matcher::ErrorType(code.unwrap_or_else(|| short.to_owned()))
                } else if let Some((p, c, x)) = path("output") {
                    match p {
                        Ok(p) => Matcher::Output(p, c, x),
                        Err(e) => {
                            self.diagnostics.push(Diagnostic::new(format!("waiter {name}: the output path {e}")).shape(op.id.as_str()));
                            continue;
                        }
                    }
                } else if let Some((p, c, x)) = path("inputOutput") {
                    match p {
                        Ok(p) => Matcher::InputOutput(p, c, x),
                        Err(e) => {
                            self.diagnostics
                                .push(Diagnostic::new(format!("waiter {name}: the inputOutput path {e}")).shape(op.id.as_str()));
                            continue;
                        }
                    }
                } else {
                    self.diagnostics.push(Diagnostic::new(format!("waiter {name}: unsupported matcher {m:?}")).shape(op.id.as_str()));
                    continue;
                };
                if let Matcher::Output(_, c, _) | Matcher::InputOutput(_, c, _) = &matcher {
                    if !["stringEquals", "booleanEquals", "allStringEquals", "anyStringEquals"].contains(&c.as_str()) {
                        self.diagnostics.push(Diagnostic::new(format!("waiter {name}: unknown comparator {c}")).shape(op.id.as_str()));
                    }
                }
                acceptors.push((state, matcher));
            }
            let rust_name = naming::type_name(name);
            out.push(Waiter {
                module: naming::operation_fn(&rust_name),
                rust_name,
                docs: spec.get("documentation").and_then(|d| d.as_str()).map(docs::to_markdown),
                deprecated: spec.get("deprecated").and_then(|d| d.as_bool()).filter(|d| *d).map(|_| String::new()),
                min_delay: spec.get("minDelay").and_then(|d| d.as_u64()).unwrap_or(2),
                max_delay: spec.get("maxDelay").and_then(|d| d.as_u64()).unwrap_or(120),
                acceptors,
            });
        }
        out
    }

    /// Resolves `@paginated` (the operation's, over the service's defaults) to field paths.
    fn pagination(&mut self, op: &Shape, input: &Structure, output: &Structure) -> Option<Pagination> {
        let own = op.traits.get(traits::PAGINATED)?;
        let defaults = self.service.traits.get(traits::PAGINATED);
        let get = |key: &str| own.get(key).or_else(|| defaults.and_then(|d| d.get(key))).and_then(|v| v.as_str()).map(str::to_owned);
        let fail = |this: &mut Self, what: String| {
            this.diagnostics.push(Diagnostic::new(format!("@paginated: {what}")).shape(op.id.as_str()));
            None
        };
        let (Some(input_token), Some(output_token)) = (get("inputToken"), get("outputToken")) else {
            return fail(self, "inputToken and outputToken are required".into());
        };
        let Some(input_field) = input.fields.iter().find(|f| f.member_name == input_token) else {
            return fail(self, format!("the input has no member `{input_token}`"));
        };
        let input_token_field = input_field.rust_name.clone();
        let Some(output_path) = self.path(op.output.as_ref(), &output_token) else {
            return fail(self, format!("the output has no member path `{output_token}`"));
        };
        let items = match get("items") {
            Some(items) => match self.path(op.output.as_ref(), &items) {
                Some(path) => {
                    let ty = path.last().map(|(_, ty)| ty.clone());
                    match ty {
                        Some(RustType::List(item)) => Some((path.into_iter().map(|(s, _)| s).collect(), *item)),
                        _ => None,
                    }
                }
                None => return fail(self, format!("the output has no member path `{items}`")),
            },
            None => None,
        };
        let page_size =
            get("pageSize").and_then(|p| input.fields.iter().find(|f| f.member_name == p)).map(|f| (f.rust_name.clone(), f.ty.clone()));
        let _ = output;
        Some(Pagination {
            input_token: input_token_field,
            output_token: output_path.into_iter().map(|(s, _)| s).collect(),
            items,
            page_size,
        })
    }

    /// Follows a dotted member path from a structure, returning each step and the last type.
    fn path(&self, start: Option<&ShapeId>, path: &str) -> Option<Vec<(FieldStep, RustType)>> {
        let mut shape = self.model.expect(start?);
        let mut steps = Vec::new();
        for name in path.split('.') {
            let member = shape.member(name)?;
            let target = self.model.expect(&member.target);
            let boxed = self.boxed.contains(&format!("{}${name}", shape.id));
            let optional = boxed || presence(member, target) == Presence::Optional;
            steps.push((FieldStep { field: naming::field_name(name), boxed, optional }, self.rust_type(&member.target)));
            shape = target;
        }
        Some(steps)
    }

    /// A structure's Rust form; `synthetic` renames operation inputs and outputs.
    fn structure(&mut self, shape: &Shape, synthetic: Option<&str>) -> Structure {
        let name = synthetic.map(str::to_owned).unwrap_or_else(|| self.shape_name(&shape.id));
        let rust_name = match synthetic {
            Some(s) => naming::type_name(s),
            None => self.rust_names.get(&shape.id).cloned().unwrap_or_else(|| naming::type_name(&name)),
        };
        let mut fields: Vec<Field> = shape.members.iter().map(|m| self.field(shape, m)).collect();
        let rust_names: Vec<String> = fields.iter().map(|f| f.rust_name.clone()).collect();
        for (first, repeat) in naming::collisions(&rust_names) {
            self.diagnostics.push(
                Diagnostic::new(format!(
                    "the members `{}` and `{}` both become the Rust field `{}`",
                    fields[first].member_name, fields[repeat].member_name, rust_names[repeat]
                ))
                .shape(format!("{}${}", shape.id, fields[repeat].member_name)),
            );
        }
        for field in fields.iter_mut() {
            if let RustType::Struct(_) | RustType::Union(_) = field.ty {
                field.boxed = self.boxed.contains(&format!("{}${}", shape.id, field.member_name));
            }
            if field.boxed {
                field.presence = Presence::Optional;
            }
        }
        Structure {
            schema: naming::static_name(&name),
            shape_name: self.shape_name(&shape.id),
            xml_name: shape.traits.get(traits::XML_NAME).and_then(|v| v.as_str()).map(str::to_owned),
            xml_namespace: xml_namespace(&shape.traits),
            name,
            rust_name,
            docs: docs_of(&shape.traits),
            deprecated: deprecated_of(&shape.traits),
            fields,
            error_code: None,
        }
    }

    /// Whether `from` leads back to `to` through structure members held inline (not in
    /// lists or maps), which Rust can only hold behind a `Box`.
    fn rust_type(&self, id: &ShapeId) -> RustType {
        let shape = self.model.expect(id);
        match shape.kind {
            ShapeKind::String => RustType::String,
            ShapeKind::Boolean => RustType::Bool,
            ShapeKind::Byte => RustType::I8,
            ShapeKind::Short => RustType::I16,
            ShapeKind::Integer => RustType::I32,
            ShapeKind::Long => RustType::I64,
            ShapeKind::Float => RustType::F32,
            ShapeKind::Double => RustType::F64,
            ShapeKind::Blob if is_stream(shape) => RustType::Stream,
            ShapeKind::Blob => RustType::Blob,
            ShapeKind::Timestamp => RustType::DateTime,
            ShapeKind::Enum => RustType::Enum(self.rust_names.get(id).cloned().unwrap_or_default()),
            ShapeKind::IntEnum => RustType::IntEnum,
            ShapeKind::Structure if shape.has_trait(traits::ERROR) => RustType::Error(self.rust_names.get(id).cloned().unwrap_or_default()),
            ShapeKind::Structure => RustType::Struct(self.rust_names.get(id).cloned().unwrap_or_default()),
            ShapeKind::Union if is_event_stream(shape) => RustType::EventStream(self.rust_names.get(id).cloned().unwrap_or_default()),
            ShapeKind::Union => RustType::Union(self.rust_names.get(id).cloned().unwrap_or_default()),
            ShapeKind::Document => RustType::Document,
            ShapeKind::BigInteger => RustType::BigInteger,
            ShapeKind::BigDecimal => RustType::BigDecimal,
            ShapeKind::List | ShapeKind::Map => {
                let item = self.rust_type(&shape.members[if shape.kind == ShapeKind::List { 0 } else { 1 }].target);
                let item = if shape.has_trait(traits::SPARSE) { RustType::Sparse(Box::new(item)) } else { item };
                if shape.kind == ShapeKind::List {
                    RustType::List(Box::new(item))
                } else {
                    RustType::Map(Box::new(self.rust_type(&shape.members[0].target)), Box::new(item))
                }
            }
            // Services, operations, resources and members are never a member's target.
            _ => RustType::String,
        }
    }

    fn field(&self, container: &Shape, member: &Member) -> Field {
        let target = self.model.expect(&member.target);
        let schema = match target.kind {
            ShapeKind::Timestamp => SchemaRef::Timestamp,
            ShapeKind::Blob if is_stream(target) => SchemaRef::Stream,
            ShapeKind::Union if is_event_stream(target) => SchemaRef::Stream,
            ShapeKind::List | ShapeKind::Map | ShapeKind::Structure | ShapeKind::Union => {
                SchemaRef::Table(naming::static_name(&self.shape_name(&target.id)))
            }
            _ => SchemaRef::Scalar,
        };
        let in_collection = matches!(container.kind, ShapeKind::List | ShapeKind::Map);
        let text_trait = |id: &str| member.traits.get(id).and_then(|v| v.as_str()).map(str::to_owned);
        // An event header's timestamp is typed on the wire (`@timestampFormat` does not
        // apply); the runtime hands it to the header decoder as an HTTP date.
        let timestamp_format = match member.has_trait(traits::EVENT_HEADER) {
            true => Some("http-date".to_owned()),
            false => text_trait(traits::TIMESTAMP_FORMAT)
                .or_else(|| target.traits.get(traits::TIMESTAMP_FORMAT).and_then(|v| v.as_str()).map(str::to_owned)),
        };
        let sensitive = member.has_trait(traits::SENSITIVE) || target.has_trait(traits::SENSITIVE);
        Field {
            member_name: member.name.clone(),
            rust_name: naming::field_name(&member.name),
            ty: self.rust_type(&member.target),
            docs: docs_of(&member.traits),
            deprecated: deprecated_of(&member.traits),
            required: member.has_trait(traits::REQUIRED),
            presence: if in_collection { Presence::Optional } else { presence(member, target) },
            idempotency_token: member.has_trait(traits::IDEMPOTENCY_TOKEN),
            sensitive,
            boxed: false,
            xml_name: text_trait(traits::XML_NAME),
            xml_attribute: member.has_trait(traits::XML_ATTRIBUTE),
            target: member.target.to_string(),
            xml_namespace: xml_namespace(&member.traits),
            ec2_query_name: text_trait(traits::EC2_QUERY_NAME),
            flattened: member.has_trait(traits::XML_FLATTENED),
            timestamp_format,
            in_collection,
            schema,
            json_name: text_trait(traits::JSON_NAME),
            http: http_binding(member),
            media_type: target.traits.get(traits::MEDIA_TYPE).and_then(|v| v.as_str()).map(str::to_owned),
            lenient: false,
        }
    }

    fn enumeration(&mut self, shape: &Shape) -> Enum {
        let variants: Vec<String> = shape.members.iter().map(|m| naming::variant_name(&m.name)).collect();
        for (first, repeat) in naming::collisions(&variants) {
            self.diagnostics.push(
                Diagnostic::new(format!(
                    "the enum members `{}` and `{}` both become the Rust variant `{}`",
                    shape.members[first].name, shape.members[repeat].name, variants[repeat]
                ))
                .shape(format!("{}${}", shape.id, shape.members[repeat].name)),
            );
        }
        Enum {
            name: self.shape_name(&shape.id),
            rust_name: self.rust_names[&shape.id].clone(),
            docs: docs_of(&shape.traits),
            deprecated: deprecated_of(&shape.traits),
            variants: shape
                .members
                .iter()
                .zip(variants)
                .map(|(m, v)| {
                    let value = m.traits.get(traits::ENUM_VALUE).and_then(|v| v.as_str()).unwrap_or(&m.name).to_owned();
                    (v, value, docs_of(&m.traits))
                })
                .collect(),
        }
    }
}

/// `@xmlNamespace` as the attribute that declares it: `xmlns="uri"` or `xmlns:prefix="uri"`.
fn xml_namespace(traits: &crate::model::Traits) -> Option<String> {
    let value = traits.get(traits::XML_NAMESPACE)?;
    let uri = value.get("uri").and_then(|u| u.as_str())?;
    let uri = uri.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    Some(match value.get("prefix").and_then(|p| p.as_str()) {
        Some(prefix) => format!("xmlns:{prefix}=\"{uri}\""),
        None => format!("xmlns=\"{uri}\""),
    })
}

/// Whether `shape` is a `@streaming` blob.
fn is_stream(shape: &Shape) -> bool {
    shape.kind == ShapeKind::Blob && shape.has_trait(traits::STREAMING)
}

/// Whether `shape` is an event stream (a `@streaming` union).
fn is_event_stream(shape: &Shape) -> bool {
    shape.kind == ShapeKind::Union && shape.has_trait(traits::STREAMING)
}

/// The HTTP binding trait of `member`, if any.
fn http_binding(member: &Member) -> HttpBinding {
    let text = |id: &str| member.traits.get(id).and_then(|v| v.as_str()).map(str::to_owned);
    if member.has_trait(traits::HTTP_LABEL) {
        HttpBinding::Label
    } else if let Some(name) = text(traits::HTTP_QUERY) {
        HttpBinding::Query(name)
    } else if member.has_trait(traits::HTTP_QUERY_PARAMS) {
        HttpBinding::QueryParams
    } else if let Some(name) = text(traits::HTTP_HEADER) {
        HttpBinding::Header(name)
    } else if let Some(prefix) = text(traits::HTTP_PREFIX_HEADERS) {
        HttpBinding::PrefixHeaders(prefix)
    } else if member.has_trait(traits::HTTP_PAYLOAD) {
        HttpBinding::Payload
    } else if member.has_trait(traits::HTTP_RESPONSE_CODE) {
        HttpBinding::ResponseCode
    } else if member.has_trait(traits::EVENT_PAYLOAD) {
        // An event's payload and headers are bound to its message as HTTP bindings are to a
        // response, so events decode through the protocol's bindings.
        HttpBinding::Payload
    } else if member.has_trait(traits::EVENT_HEADER) {
        HttpBinding::Header(member.name.to_ascii_lowercase())
    } else {
        HttpBinding::Body
    }
}
