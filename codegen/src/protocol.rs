//! The protocol stage: what differs between protocols on the wire, behind one trait. The
//! normalized service is protocol-neutral; the emitters ask its protocol for wire names,
//! timestamp formats, error codes, and the runtime protocol the crate's requests go through.

use crate::model::{traits, Shape};
use crate::normalize::{Field, HttpBinding, Structure};
use proc_macro2::TokenStream;
use quote::quote;

pub trait Protocol: Send + Sync {
    /// The protocol's name, as the README's tables and the compliance summaries print it.
    fn name(&self) -> &'static str;
    /// The protocol trait's shape id.
    fn trait_id(&self) -> &'static str;
    /// The key of a member in a form-encoded request.
    fn query_name(&self, field: &Field) -> String {
        field.member_name.clone()
    }
    /// The element name of a member in an XML document.
    fn body_name(&self, field: &Field) -> String {
        field.xml_name.clone().unwrap_or_else(|| field.member_name.clone())
    }
    /// `@xmlFlattened`, for protocols where it means something.
    fn flattened(&self, field: &Field) -> bool {
        field.flattened
    }
    /// The timestamp format of a member on the wire: its `@timestampFormat`, or the
    /// default of where it goes (as the name of a `rt::schema` static): HTTP dates in
    /// headers, date-times in the URI, the protocol's default in bodies.
    fn timestamp_format(&self, field: &Field) -> &'static str {
        match field.timestamp_format.as_deref() {
            Some("http-date") => "HTTP_DATE",
            Some("epoch-seconds") => "EPOCH_SECONDS",
            Some(_) => "DATE_TIME",
            None => self.default_format_at(&field.http),
        }
    }
    /// The timestamp format a member bound at `binding` has unless it says otherwise.
    fn default_format_at(&self, binding: &HttpBinding) -> &'static str {
        match binding {
            _ if !self.http_bindings() => self.default_timestamp_format(),
            HttpBinding::Header(_) | HttpBinding::PrefixHeaders(_) => "HTTP_DATE",
            HttpBinding::Label | HttpBinding::Query(_) | HttpBinding::QueryParams => "DATE_TIME",
            _ => self.default_timestamp_format(),
        }
    }
    /// Whether members are bound to the HTTP message by the HTTP binding traits (REST
    /// protocols), rather than all in the body.
    fn http_bindings(&self) -> bool {
        false
    }
    fn default_timestamp_format(&self) -> &'static str;
    /// What selects a modeled error in a response: its code, or its shape name.
    fn error_code(&self, shape: &Shape) -> String;
    /// The runtime protocol the crate's `config::PROTOCOL` holds: its type and its value.
    fn runtime(&self) -> (TokenStream, TokenStream);
    /// The runtime modules of this protocol's wire formats (the crate leaves the others out).
    fn runtime_modules(&self) -> &'static [&'static str];
    /// The runtime document format of event messages' payloads (`crate::config::EventFormat`),
    /// if the protocol has event streams.
    fn event_format(&self) -> Option<TokenStream> {
        None
    }
    /// Whether responses are XML (the crate then depends on quick-xml).
    fn uses_xml(&self) -> bool;
    /// The dependency lines of the crate's wire format beyond what every crate has.
    fn format_dependencies(&self) -> &'static str {
        if self.uses_xml() {
            XML_DEPENDENCY
        } else {
            ""
        }
    }
    /// Whether an operation without input sends no body (rather than an empty document).
    fn unit_input_has_no_body(&self) -> bool {
        false
    }
    /// The `name` of a structure's schema table: its model name, or in XML protocols the
    /// element name it has as a document's root.
    fn table_name(&self, structure: &Structure) -> String {
        structure.name.clone()
    }
    /// The `xmlns` attribute a structure's element has as a document's root.
    fn table_xmlns(&self, structure: &Structure, service_xmlns: Option<&str>) -> Option<String> {
        let _ = (structure, service_xmlns);
        None
    }
    /// Whether requests leave out members that default to `false` or zero when they hold it,
    /// as aws-sdk-* does. The XML and form protocols do; the JSON ones write them, as the
    /// Smithy compliance suites' "client populates default values" cases require (cases
    /// smithy-rs lists as expected failures).
    fn omits_zero_defaults(&self) -> bool {
        false
    }
    /// Whether members carry `@xmlAttribute` and `@xmlNamespace` (XML bodies the client writes).
    fn xml_member_traits(&self) -> bool {
        false
    }
}

/// What XML bodies need (`rt/xml.rs`).
pub const XML_DEPENDENCY: &str = "quick-xml = \"0.42\"\n";
/// What CBOR bodies need (`rt/cbor.rs`): minicbor, without its `std` feature (a `Vec` is
/// all it writes to).
pub const CBOR_DEPENDENCY: &str = "minicbor = { version = \"2\", features = [\"alloc\"] }\n";

/// awsQuery, or ec2Query with `ec2`.
pub struct AwsQuery {
    ec2: bool,
    version: String,
}

impl Protocol for AwsQuery {
    fn name(&self) -> &'static str {
        if self.ec2 {
            "ec2Query"
        } else {
            "awsQuery"
        }
    }
    fn trait_id(&self) -> &'static str {
        if self.ec2 {
            traits::EC2_QUERY
        } else {
            traits::AWS_QUERY
        }
    }
    fn query_name(&self, field: &Field) -> String {
        // List items and map parts are named by their member unless renamed.
        if field.in_collection && field.xml_name.is_none() {
            return field.member_name.clone();
        }
        if !self.ec2 {
            return self.body_name(field);
        }
        if let Some(name) = &field.ec2_query_name {
            return name.clone();
        }
        let name = self.body_name(field);
        let mut chars = name.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => name,
        }
    }
    fn default_timestamp_format(&self) -> &'static str {
        "DATE_TIME"
    }
    fn error_code(&self, shape: &Shape) -> String {
        if self.ec2 {
            return shape.id.name().to_owned();
        }
        shape.traits.get(traits::AWS_QUERY_ERROR).and_then(|v| v.get("code")).and_then(|v| v.as_str()).unwrap_or(shape.id.name()).to_owned()
    }
    fn runtime(&self) -> (TokenStream, TokenStream) {
        let (version, ec2) = (&self.version, self.ec2);
        (quote!(crate::rt::query::AwsQuery), quote!(crate::rt::query::AwsQuery { version: #version, ec2: #ec2 }))
    }
    fn runtime_modules(&self) -> &'static [&'static str] {
        &["query.rs", "xml.rs"]
    }
    fn uses_xml(&self) -> bool {
        true
    }
    fn omits_zero_defaults(&self) -> bool {
        true
    }
}

/// awsJson1_0 or awsJson1_1.
pub struct AwsJson {
    version: &'static str,
    /// The service shape's name: `X-Amz-Target` is `{target_prefix}.{Operation}`.
    target_prefix: String,
    query_compatible: bool,
}

impl Protocol for AwsJson {
    fn name(&self) -> &'static str {
        if self.version == "1.0" {
            "awsJson1_0"
        } else {
            "awsJson1_1"
        }
    }
    fn trait_id(&self) -> &'static str {
        if self.version == "1.0" {
            traits::AWS_JSON_1_0
        } else {
            traits::AWS_JSON_1_1
        }
    }
    // XML traits (some models keep them from a service's query days) do not apply to JSON.
    fn body_name(&self, field: &Field) -> String {
        field.member_name.clone()
    }
    fn flattened(&self, _: &Field) -> bool {
        false
    }
    fn default_timestamp_format(&self) -> &'static str {
        "EPOCH_SECONDS"
    }
    fn error_code(&self, shape: &Shape) -> String {
        // Error types on the wire are shape names (services may not rename errors).
        shape.id.name().to_owned()
    }
    fn runtime(&self) -> (TokenStream, TokenStream) {
        let content_type = format!("application/x-amz-json-{}", self.version);
        let (target_prefix, query_compatible) = (&self.target_prefix, self.query_compatible);
        (
            quote!(crate::rt::json::AwsJson),
            quote!(crate::rt::json::AwsJson { target_prefix: #target_prefix, content_type: #content_type, query_compatible: #query_compatible }),
        )
    }
    fn event_format(&self) -> Option<TokenStream> {
        Some(quote!(crate::rt::json::JsonBody))
    }
    fn runtime_modules(&self) -> &'static [&'static str] {
        &["json.rs"]
    }
    fn uses_xml(&self) -> bool {
        false
    }
}

/// rpcv2Cbor: `POST /service/{Service}/operation/{Operation}`, CBOR bodies, timestamps
/// always epoch seconds (tag 1: `@timestampFormat` does not apply).
pub struct RpcV2Cbor {
    service: String,
    query_compatible: bool,
}

impl Protocol for RpcV2Cbor {
    fn name(&self) -> &'static str {
        "rpcv2Cbor"
    }
    fn trait_id(&self) -> &'static str {
        traits::RPC_V2_CBOR
    }
    fn body_name(&self, field: &Field) -> String {
        field.member_name.clone()
    }
    fn flattened(&self, _: &Field) -> bool {
        false
    }
    fn timestamp_format(&self, field: &Field) -> &'static str {
        // An event header's timestamp is typed on the wire and read as an HTTP date (CBOR
        // bodies do not look at the format).
        match (&field.http, field.timestamp_format.as_deref()) {
            (HttpBinding::Header(_), Some("http-date")) => "HTTP_DATE",
            _ => "EPOCH_SECONDS",
        }
    }
    fn default_timestamp_format(&self) -> &'static str {
        "EPOCH_SECONDS"
    }
    fn error_code(&self, shape: &Shape) -> String {
        shape.id.name().to_owned()
    }
    fn runtime(&self) -> (TokenStream, TokenStream) {
        let (service, query_compatible) = (&self.service, self.query_compatible);
        (quote!(crate::rt::cbor::RpcV2Cbor), quote!(crate::rt::cbor::RpcV2Cbor { service: #service, query_compatible: #query_compatible }))
    }
    fn event_format(&self) -> Option<TokenStream> {
        Some(quote!(crate::rt::cbor::CborBody))
    }
    fn runtime_modules(&self) -> &'static [&'static str] {
        &["cbor.rs"]
    }
    fn uses_xml(&self) -> bool {
        false
    }
    fn format_dependencies(&self) -> &'static str {
        CBOR_DEPENDENCY
    }
    fn unit_input_has_no_body(&self) -> bool {
        true
    }
}

/// restJson1: HTTP bindings, JSON bodies.
pub struct RestJson;

impl Protocol for RestJson {
    fn name(&self) -> &'static str {
        "restJson1"
    }
    fn trait_id(&self) -> &'static str {
        traits::REST_JSON_1
    }
    fn body_name(&self, field: &Field) -> String {
        field.json_name.clone().unwrap_or_else(|| field.member_name.clone())
    }
    fn flattened(&self, _: &Field) -> bool {
        false
    }
    fn default_timestamp_format(&self) -> &'static str {
        "EPOCH_SECONDS"
    }
    fn http_bindings(&self) -> bool {
        true
    }
    fn error_code(&self, shape: &Shape) -> String {
        shape.id.name().to_owned()
    }
    fn runtime(&self) -> (TokenStream, TokenStream) {
        (quote!(crate::rt::rest_json::RestJson), quote!(crate::rt::rest_json::RestJson))
    }
    fn event_format(&self) -> Option<TokenStream> {
        Some(quote!(crate::rt::json::JsonBody))
    }
    fn runtime_modules(&self) -> &'static [&'static str] {
        &["json.rs", "rest.rs", "rest_json.rs"]
    }
    fn uses_xml(&self) -> bool {
        false
    }
}

/// restXml: HTTP bindings, XML bodies (errors are read wrapped in `<ErrorResponse>` or not,
/// so `noErrorWrapping` changes nothing the client does).
pub struct RestXml;

impl Protocol for RestXml {
    fn name(&self) -> &'static str {
        "restXml"
    }
    fn trait_id(&self) -> &'static str {
        traits::REST_XML
    }
    fn default_timestamp_format(&self) -> &'static str {
        "DATE_TIME"
    }
    fn http_bindings(&self) -> bool {
        true
    }
    fn error_code(&self, shape: &Shape) -> String {
        shape.id.name().to_owned()
    }
    fn runtime(&self) -> (TokenStream, TokenStream) {
        (quote!(crate::rt::rest_xml::RestXml), quote!(crate::rt::rest_xml::RestXml))
    }
    fn event_format(&self) -> Option<TokenStream> {
        Some(quote!(crate::rt::rest_xml::XmlBody))
    }
    fn runtime_modules(&self) -> &'static [&'static str] {
        &["xml.rs", "rest.rs", "rest_xml.rs"]
    }
    fn uses_xml(&self) -> bool {
        true
    }
    fn omits_zero_defaults(&self) -> bool {
        true
    }
    fn table_name(&self, structure: &Structure) -> String {
        structure.xml_name.clone().unwrap_or_else(|| structure.shape_name.clone())
    }
    fn table_xmlns(&self, structure: &Structure, service_xmlns: Option<&str>) -> Option<String> {
        structure.xml_namespace.clone().or_else(|| service_xmlns.map(str::to_owned))
    }
    fn xml_member_traits(&self) -> bool {
        true
    }
}

/// The protocols the generator supports, in the order it prefers them when a service
/// declares several (binary and JSON protocols before XML and form ones, as AWS moves
/// services that way): the first one the service declares wins.
pub const PREFERENCE: &[&str] = &[
    traits::RPC_V2_CBOR,
    traits::AWS_JSON_1_0,
    traits::AWS_JSON_1_1,
    traits::REST_JSON_1,
    traits::REST_XML,
    traits::AWS_QUERY,
    traits::EC2_QUERY,
];

/// The protocol to generate `service` with: `requested` (a protocol trait's shape id or
/// its name, e.g. `awsJson1_0`) when given, else the first of [`PREFERENCE`] it declares.
pub fn for_service(service: &Shape, requested: Option<&str>) -> Result<Box<dyn Protocol>, String> {
    let supported = || PREFERENCE.join(", ");
    let chosen = match requested {
        Some(name) => {
            let id = PREFERENCE
                .iter()
                .find(|id| **id == name || id.rsplit('#').next() == Some(name))
                .ok_or_else(|| format!("--protocol {name} is not a supported protocol; supported: {}", supported()))?;
            if !service.has_trait(id) {
                return Err(format!("--protocol {name}: the service does not declare {id}"));
            }
            *id
        }
        None => match PREFERENCE.iter().find(|id| service.has_trait(id)) {
            Some(id) => *id,
            None => {
                let declared: Vec<&str> = service
                    .traits
                    .keys()
                    .filter(|k| k.starts_with("aws.protocols#") || k.starts_with("smithy.protocols#"))
                    .filter(|k| !k.starts_with("aws.protocols#awsQueryCompatible"))
                    .map(String::as_str)
                    .collect();
                return Err(if declared.is_empty() {
                    format!("the service declares no protocol trait; supported protocols: {}", supported())
                } else {
                    format!("unsupported protocol {}; supported protocols: {}", declared.join(", "), supported())
                });
            }
        },
    };
    Ok(match chosen {
        traits::AWS_QUERY | traits::EC2_QUERY => {
            let version = service.version.clone().ok_or("the service has no version; query protocols send it with every request")?;
            Box::new(AwsQuery { ec2: chosen == traits::EC2_QUERY, version })
        }
        traits::REST_JSON_1 => Box::new(RestJson),
        traits::RPC_V2_CBOR => {
            Box::new(RpcV2Cbor { service: service.id.name().to_owned(), query_compatible: service.has_trait(traits::AWS_QUERY_COMPATIBLE) })
        }
        traits::REST_XML => Box::new(RestXml),
        _ => Box::new(AwsJson {
            version: if chosen == traits::AWS_JSON_1_0 { "1.0" } else { "1.1" },
            target_prefix: service.id.name().to_owned(),
            query_compatible: service.has_trait(traits::AWS_QUERY_COMPATIBLE),
        }),
    })
}
