$version: "2.0"

namespace example.jsonkitchen

use aws.api#clientDiscoveredEndpoint
use aws.api#clientEndpointDiscovery
use aws.api#service
use aws.auth#sigv4
use aws.protocols#awsJson1_0

/// A service whose one operation sends and receives every kind of member the JSON
/// protocols carry: the JSON kitchen sink for tests and fuzzing.
@service(sdkId: "Json Kitchen Sink")
@sigv4(name: "jsonkitchen")
@awsJson1_0
@clientEndpointDiscovery(operation: DescribeEndpoints, error: Fault)
service JsonKitchenSink {
    version: "2024-01-01"
    operations: [Everything, Watch, Publish, DescribeEndpoints, Locate]
}

/// The endpoint `Locate` must be sent to, as endpoint discovery asks for it.
operation DescribeEndpoints {
    input := {}
    output := {
        Endpoints: Endpoints
    }
}

list Endpoints {
    member: Endpoint
}

structure Endpoint {
    @required
    Address: String
    @required
    CachePeriodInMinutes: Long = 0
}

/// An operation only a discovered endpoint serves.
@clientDiscoveredEndpoint(required: true)
operation Locate {
    input := {
        name: String
    }
    output := {
        served: String
        where: Location
    }
    errors: [Fault]
}

/// Named like the runtime's names: `Location` (how members bind to HTTP messages) and
/// `Stream` (the schema of streamed blobs) must not clash with them.
structure Location {
    stream: Stream
}

structure Stream {
    name: String
}

/// Echoes every member kind.
operation Everything {
    input := with [Members] {}
    output := with [Members] {}
    errors: [Fault]
}

@mixin
structure Members {
    text: String
    @required
    requiredText: String
    flag: Boolean
    byteValue: Byte
    shortValue: Short
    intValue: Integer
    longValue: Long
    floatValue: Float
    doubleValue: Double
    bigInt: BigInteger
    bigDec: BigDecimal
    bytes: Blob
    epoch: Timestamp
    @timestampFormat("date-time")
    dateTime: Timestamp
    @timestampFormat("http-date")
    httpDate: Timestamp
    color: Color
    level: Level
    texts: Texts
    sparseTexts: SparseTexts
    counts: Counts
    sparseCounts: SparseCounts
    byColor: ByColor
    nested: Nested
    shape: Shape
    shapes: Shapes
    anything: Document
    @sensitive
    secret: String
    @idempotencyToken
    token: String
}

enum Color {
    RED = "red"
    GREEN = "green"
}

intEnum Level {
    LOW = 1
    HIGH = 2
}

list Texts {
    member: String
}

@sparse
list SparseTexts {
    member: String
}

map Counts {
    key: String
    value: Integer
}

@sparse
map SparseCounts {
    key: String
    value: Integer
}

map ByColor {
    key: Color
    value: Nested
}

structure Nested {
    name: String
    @required
    count: Integer
    child: Nested
    children: NestedList
    defaulted: String = "fallback"
    /// A union that holds this structure again: boxed here as in the union.
    shape: Shape
}

list NestedList {
    member: Nested
}

/// A shape: exactly one of its members.
union Shape {
    circle: Double
    label: String
    points: Texts
    inner: Shape
    nested: Nested
}

list Shapes {
    member: Shape
}

@error("client")
structure Fault {
    message: String
    reason: Color
}

/// Answers with an event stream, its other output member in the stream's first message
/// (`initial-response`).
operation Watch {
    input := {
        name: String
    }
    output := {
        watchId: String
        events: Events
    }
}

/// Sends an event stream, its other input members in the stream's first message
/// (`initial-request`).
operation Publish {
    input := {
        @required
        name: String
        priority: Integer
        events: Events
    }
    output := {
        received: Integer
    }
}

/// Events of every binding: header members, payloads, body members, and errors.
@streaming
union Events {
    headers: HeadersEvent
    blob: BlobEvent
    structure: StructureEvent
    members: MembersEvent
    mixed: MixedEvent
    throttled: ThrottledEvent
}

structure HeadersEvent {
    @eventHeader
    flag: Boolean
    @eventHeader
    count: Integer
    @eventHeader
    big: Long
    @eventHeader
    bytes: Blob
    @eventHeader
    label: String
    @eventHeader
    at: Timestamp
}

structure BlobEvent {
    @eventPayload
    payload: Blob
}

structure StructureEvent {
    @eventPayload
    payload: Nested
}

structure MembersEvent {
    name: String
    sizes: Texts
}

structure MixedEvent {
    @eventHeader
    label: String
    @eventPayload
    payload: Nested
}

@error("server")
structure ThrottledEvent {
    message: String
    @eventHeader
    retryAfter: Integer
}
