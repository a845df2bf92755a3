$version: "2.0"

namespace example.restjsonkitchen

use aws.api#service
use aws.auth#sigv4
use aws.protocols#httpChecksum
use aws.protocols#restJson1

/// A service whose operations bind members to every part of an HTTP message (URI labels,
/// query, headers, prefix headers, payloads, the status code), stream bodies both ways and
/// answer with an event stream: the restJson1 kitchen sink for tests and fuzzing. Calls are
/// signed with SigV4, or carry a bearer token when the client has no credentials.
@service(sdkId: "Rest Json Kitchen Sink")
@sigv4(name: "restjsonkitchen")
@httpBearerAuth
@auth([sigv4, httpBearerAuth])
@restJson1
service RestJsonKitchenSink {
    version: "2024-01-01"
    operations: [PutThing, DescribeThing, Upload, Download, PutNote, GetNote, PutObject, GetObject, Watch, Publish, Chat, WhoAmI]
}

/// Says who the bearer token belongs to: called with a bearer token only.
@readonly
@auth([httpBearerAuth])
@http(method: "GET", uri: "/whoami")
operation WhoAmI {
    output := {
        name: String
    }
}

/// Sends a thing through every HTTP binding; answers with it bound the same way.
@idempotent
@http(method: "PUT", uri: "/things/{bucket}/{key+}?mode=full", code: 201)
operation PutThing {
    input := {
        @required
        @httpLabel
        bucket: String

        /// A greedy label: slashes stay as they are.
        @required
        @httpLabel
        key: String

        @httpQuery("limit")
        limit: Integer

        @httpQuery("tag")
        tags: Texts

        @httpQuery("since")
        since: Timestamp

        @httpQueryParams
        extra: StringMap

        @httpHeader("x-flag")
        flag: Boolean

        @httpHeader("x-names")
        names: Texts

        @httpHeader("x-when")
        when: Timestamp

        @httpHeader("x-settings")
        settings: JsonText

        @httpPrefixHeaders("x-meta-")
        meta: StringMap

        @httpPayload
        thing: Thing
    }
    output := {
        @httpResponseCode
        status: Integer

        @httpHeader("x-etag")
        etag: String

        @httpHeader("x-when")
        when: Timestamp

        @httpHeader("x-names")
        names: Texts

        @httpPrefixHeaders("x-meta-")
        meta: StringMap

        @httpPayload
        thing: Thing
    }
    errors: [NotFound, Conflict]
}

/// Body members beside bound ones.
@http(method: "POST", uri: "/things/{id}/describe")
operation DescribeThing {
    input := {
        @required
        @httpLabel
        id: String

        @httpHeader("x-trace")
        trace: String

        @jsonName("display_name")
        name: String

        count: Integer
        at: Timestamp
        shape: Shape
        things: ThingList
        data: Blob
        doc: Document
    }
    output := {
        @httpHeader("x-trace")
        trace: String

        @jsonName("display_name")
        name: String

        things: ThingList
        at: Timestamp
        doc: Document
    }
    errors: [NotFound]
}

/// Streams a body up.
@http(method: "POST", uri: "/upload/{name}")
operation Upload {
    input := {
        @required
        @httpLabel
        name: String

        @httpHeader("x-checksum")
        checksum: String

        @httpPayload
        body: Stream
    }
    output := {
        @httpHeader("x-size")
        size: Long
    }
}

/// Streams a body down.
@readonly
@http(method: "GET", uri: "/download/{name}")
operation Download {
    input := {
        @required
        @httpLabel
        name: String

        @httpHeader("range")
        range: String
    }
    output := {
        @httpHeader("content-type")
        contentType: String

        @httpHeader("content-length")
        length: Long

        @httpPayload
        body: Stream
    }
    errors: [NotFound]
}

/// Sends a note with the checksum the client computes, which the operation requires.
@idempotent
@httpChecksum(requestAlgorithmMember: "checksumAlgorithm", requestChecksumRequired: true)
@http(method: "PUT", uri: "/notes/{name}")
operation PutNote {
    input := {
        @required
        @httpLabel
        name: String

        @httpHeader("x-amz-sdk-checksum-algorithm")
        checksumAlgorithm: ChecksumAlgorithm

        @httpHeader("x-amz-checksum-crc32")
        checksumCrc32: String

        @httpPayload
        body: Blob
    }
}

/// Reads a note, checked against the checksum the response carries.
@readonly
@httpChecksum(requestValidationModeMember: "checksumMode", responseAlgorithms: ["CRC32", "SHA256"])
@http(method: "GET", uri: "/notes/{name}")
operation GetNote {
    input := {
        @required
        @httpLabel
        name: String

        @httpHeader("x-amz-checksum-mode")
        checksumMode: ChecksumMode
    }
    output := {
        @httpPayload
        body: Blob
    }
}

/// Streams an object up, its checksum in an `aws-chunked` trailer.
@httpChecksum(requestAlgorithmMember: "checksumAlgorithm")
@http(method: "PUT", uri: "/objects/{name}")
operation PutObject {
    input := {
        @required
        @httpLabel
        name: String

        @httpHeader("x-amz-sdk-checksum-algorithm")
        checksumAlgorithm: ChecksumAlgorithm

        @httpPayload
        body: Stream
    }
}

/// Streams an object down, checked against the checksum the response carries.
@readonly
@httpChecksum(requestValidationModeMember: "checksumMode", responseAlgorithms: ["SHA1", "SHA256", "CRC32", "CRC32C", "CRC64NVME", "XXHASH64"])
@http(method: "GET", uri: "/objects/{name}")
operation GetObject {
    input := {
        @required
        @httpLabel
        name: String

        @httpHeader("x-amz-checksum-mode")
        checksumMode: ChecksumMode
    }
    output := {
        @httpPayload
        body: Stream
    }
}

enum ChecksumAlgorithm {
    CRC32
    CRC32C
    CRC64NVME
    SHA1
    SHA256
}

enum ChecksumMode {
    ENABLED
}

@streaming
blob Stream

@mediaType("application/json")
string JsonText

list Texts {
    member: String
}

map StringMap {
    key: String
    value: String
}

structure Thing {
    name: String
    size: Long
    tags: Texts
    created: Timestamp
    child: Thing
}

list ThingList {
    member: Thing
}

/// Exactly one of its members.
union Shape {
    circle: Double
    label: String
    thing: Thing
}

@error("client")
@httpError(404)
structure NotFound {
    message: String

    @httpHeader("x-resource")
    resource: String
}

@error("client")
@httpError(409)
structure Conflict {
    message: String
    current: Thing
}

/// Answers with an event stream of every kind of event, beside a member bound to a header.
@readonly
@http(method: "GET", uri: "/watch/{name}")
operation Watch {
    input := {
        @required
        @httpLabel
        name: String
    }
    output := {
        @httpHeader("x-watch-id")
        watchId: String

        events: Events
    }
}

/// Sends an event stream of every kind of event (the one `Watch` answers with), beside a
/// member bound to a header.
@http(method: "POST", uri: "/publish/{name}")
operation Publish {
    input := {
        @required
        @httpLabel
        name: String

        @httpHeader("x-publish-id")
        publishId: String

        @httpPayload
        events: Events
    }
    output := {
        received: Integer
    }
}

/// Sends an event stream and answers with one while it is still being sent (a duplex
/// stream, which needs HTTP/2), beside a member bound to a response header.
@http(method: "POST", uri: "/chat/{name}")
operation Chat {
    input := {
        @required
        @httpLabel
        name: String

        @httpPayload
        events: Events
    }
    output := {
        @httpHeader("x-chat-id")
        chatId: String

        @httpPayload
        events: Events
    }
}

/// Every kind of event: header members, each kind of payload, body members, and errors.
@streaming
union Events {
    headers: HeadersEvent
    blob: BlobEvent
    text: TextEvent
    structure: StructureEvent
    members: MembersEvent
    mixed: MixedEvent
    throttled: ThrottledEvent
    gone: GoneEvent
}

structure HeadersEvent {
    @eventHeader
    flag: Boolean
    @eventHeader
    tiny: Byte
    @eventHeader
    small: Short
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

structure TextEvent {
    @eventPayload
    payload: String
}

structure StructureEvent {
    @eventPayload
    payload: Thing
}

structure MembersEvent {
    name: String
    sizes: Sizes
}

list Sizes {
    member: Integer
}

structure MixedEvent {
    @eventHeader
    label: String
    @eventPayload
    payload: Thing
}

@error("server")
structure ThrottledEvent {
    message: String
    @eventHeader
    retryAfter: Integer
}

@error("client")
structure GoneEvent {
    message: String
}
