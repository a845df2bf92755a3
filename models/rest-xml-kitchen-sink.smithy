$version: "2.0"

namespace example.restxmlkitchen

use aws.api#service
use aws.auth#sigv4
use aws.protocols#restXml

/// A service whose operations carry every XML trait (element names, attributes, flattened
/// lists and maps, namespaces) beside HTTP bindings: the restXml kitchen sink for tests and
/// fuzzing.
@service(sdkId: "Rest Xml Kitchen Sink")
@sigv4(name: "restxmlkitchen")
@restXml
@xmlNamespace(uri: "https://example.com/kitchen/2024-01-01/")
service RestXmlKitchenSink {
    version: "2024-01-01"
    operations: [PutConfig, ListEntries]
}

/// Sends a configuration document as the payload; answers with it.
@idempotent
@http(method: "PUT", uri: "/config/{name}")
operation PutConfig {
    input := {
        @required
        @httpLabel
        name: String

        @httpHeader("x-version")
        version: Integer

        @httpPayload
        @xmlName("Configuration")
        config: Config
    }
    output := {
        @httpHeader("x-version")
        version: Integer

        @httpPayload
        @xmlName("Configuration")
        config: Config
    }
    errors: [NoSuchConfig]
}

/// Body members of the synthesized document, with query parameters beside them.
@readonly
@http(method: "GET", uri: "/entries")
operation ListEntries {
    input := {
        @httpQuery("prefix")
        prefix: String

        @httpQuery("max-entries")
        maxEntries: Integer

        @httpQuery("marker")
        marker: String
    }
    output := {
        @xmlName("IsTruncated")
        truncated: Boolean

        @xmlName("NextMarker")
        nextMarker: String

        @xmlFlattened
        @xmlName("Entry")
        entries: Entries

        @xmlName("Labels")
        labels: Labels

        @xmlFlattened
        @xmlName("Setting")
        settings: Settings
    }
}

structure Config {
    @xmlAttribute
    @xmlName("id")
    id: String

    @xmlName("Name")
    name: String

    @xmlName("Enabled")
    enabled: Boolean

    @xmlName("Updated")
    updated: Timestamp

    @xmlName("Rules")
    rules: Rules

    @xmlFlattened
    @xmlName("Tag")
    tags: Texts

    @xmlName("Data")
    data: Blob

    @xmlNamespace(uri: "https://example.com/extra", prefix: "x")
    @xmlName("x:Note")
    note: String
}

list Rules {
    @xmlName("Rule")
    member: Rule
}

structure Rule {
    @xmlAttribute
    @xmlName("priority")
    priority: Integer

    @xmlName("Action")
    action: Action

    @xmlName("Values")
    values: Texts
}

enum Action {
    ALLOW = "Allow"
    DENY = "Deny"
}

list Texts {
    member: String
}

structure Entry {
    @xmlName("Key")
    key: String

    @xmlName("Size")
    size: Long

    @xmlName("Modified")
    modified: Timestamp
}

list Entries {
    member: Entry
}

list Labels {
    @xmlName("Label")
    member: String
}

map Settings {
    @xmlName("Name")
    key: String

    @xmlName("Value")
    value: String
}

@error("client")
@httpError(404)
structure NoSuchConfig {
    @xmlName("Message")
    message: String

    @xmlName("ConfigName")
    configName: String
}
