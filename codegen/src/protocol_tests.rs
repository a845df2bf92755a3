//! Protocol compliance tests: turns a service's `smithy.test#httpRequestTests` and
//! `smithy.test#httpResponseTests` cases into Rust tests against its generated client.
//! Request cases build the call from `params` through the public API and check what the
//! client sent; response cases feed the response and check the output or typed error.

use crate::emit::{format, ident, Files};
use crate::error::{Diagnostic, Error, Result};
use crate::model::{Model, Shape};
use crate::normalize::{self, Operation, Presence, RustType, Service, Structure};
use heck::ToSnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
const EVENT_STREAM_TESTS: &str = "smithy.test#eventStreamTests";

/// A generated client crate with its compliance tests.
pub struct Suite {
    /// The protocol's name (`awsQuery`), as the summary line prints it.
    pub protocol: String,
    pub crate_name: String,
    /// The crate's files, `tests/protocol.rs` and its support module included.
    pub files: Files,
    /// The ids of the cases that became tests (`tests/protocol.rs`).
    pub test_ids: Vec<String>,
    /// The ids of the `eventStreamTests` cases that became tests (`tests/event_streams.rs`).
    pub event_stream_ids: Vec<String>,
    /// Client cases left out, each with why: where the generated client does what
    /// aws-sdk-* does rather than what the case expects.
    pub deviations: Vec<(String, &'static str)>,
}

/// Client cases whose expectation aws-sdk-* does not meet, and the generated client,
/// which behaves as aws-sdk-* does, does not either.
const DEVIATIONS: &[(&str, &str)] = &[
    ("MissingRequiredInitialResponseOutput", MISSING_REQUIRED_OUTPUT),
    ("DuplexMissingRequiredInitialResponseOutput", MISSING_REQUIRED_OUTPUT),
];
const MISSING_REQUIRED_OUTPUT: &str = "the case expects a response without a required output member to fail; \
    aws-sdk-* (and this client) read it, leaving the member unset, as Smithy's error correction has clients do";

/// The client crate for the service `options` choose in `model` (the only one if they
/// name none), with one test per client-side case.
pub fn suite(model: &Model, options: &normalize::Options) -> Result<Suite> {
    let service = normalize::normalize_with(model, options)?;
    let mut files = crate::emit::emit(&service).map_err(|e| Error::one(Diagnostic::new(e).shape(service.id.as_str())))?;
    let generator = Generator::new(model, &service);
    let Tests { protocol, test_ids, event_streams, event_stream_ids, deviations } = generator.tests()?;
    files.insert("tests/protocol.rs".into(), protocol);
    if !event_stream_ids.is_empty() {
        files.insert("tests/event_streams.rs".into(), event_streams);
    }
    files.insert("tests/support/mod.rs".into(), SUPPORT.to_owned());
    let manifest = files.get_mut("Cargo.toml").ok_or_else(|| Error::one(Diagnostic::new("the crate has no Cargo.toml")))?;
    manifest.push_str(DEV_DEPENDENCIES);
    Ok(Suite {
        protocol: service.protocol.name().to_owned(),
        crate_name: service.crate_name.clone(),
        files,
        test_ids,
        event_stream_ids,
        deviations,
    })
}

/// Gives `service` in `model` the endpoint rules that the service of the same id has in
/// `rules_model`: its rule set and client context parameters, and the context parameters
/// of its operations and their input members of the same ids. The AmazonS3 suite's model
/// has no rules, while its addressing cases expect those of S3 (virtual hosts, dual-stack,
/// accelerate), so it runs with the official model's.
pub fn graft_endpoint_rules(model: &mut Model, service: &crate::model::ShapeId, rules_model: &Model) -> std::result::Result<(), String> {
    use crate::model::traits;
    let donor = rules_model.get(service).ok_or_else(|| format!("the model with the endpoint rules has no {service}"))?;
    let copy = |from: &crate::model::Traits, to: &mut crate::model::Traits, ids: &[&str]| {
        for id in ids {
            if let Some(value) = from.get(*id) {
                to.insert((*id).to_owned(), value.clone());
            }
        }
    };
    let target = model.shapes.get_mut(service).ok_or_else(|| format!("the suite has no {service}"))?;
    copy(&donor.traits, &mut target.traits, &[traits::ENDPOINT_RULE_SET, traits::ENDPOINT_BDD, traits::CLIENT_CONTEXT_PARAMS]);
    let operations = target.operations.clone();
    for op_id in &operations {
        let Some(donor_op) = rules_model.get(op_id) else { continue };
        let Some(op) = model.shapes.get_mut(op_id) else { continue };
        copy(&donor_op.traits, &mut op.traits, &[traits::STATIC_CONTEXT_PARAMS, traits::OPERATION_CONTEXT_PARAMS]);
        let (Some(input), Some(donor_input)) = (op.input.clone(), donor_op.input.as_ref().and_then(|i| rules_model.get(i))) else {
            continue;
        };
        let Some(input) = model.shapes.get_mut(&input) else { continue };
        for member in &mut input.members {
            if let Some(donor_member) = donor_input.member(&member.name) {
                copy(&donor_member.traits, &mut member.traits, &[traits::CONTEXT_PARAM]);
            }
        }
    }
    Ok(())
}

/// The setter calls that give `op`'s input the members of `params` (a test case's JSON),
/// naming the crate's types through `sdk::`.
pub(crate) fn input_setters(
    model: &Model,
    service: &Service,
    op: &Operation,
    params: &serde_json::Map<String, Value>,
    case: &str,
) -> Result<Vec<TokenStream>> {
    Generator::new(model, service).setters(&op.input, params, case)
}

const SUPPORT: &str = include_str!("../protocol_tests/support.rs");

const DEV_DEPENDENCIES: &str =
    "\n[dev-dependencies]\nminicbor = { version = \"2\", features = [\"alloc\", \"half\"] }\nquick-xml = \"0.42\"\nserde_json = \"1\"\ntokio = { version = \"1\", features = [\"macros\", \"rt\"] }\nfutures-core = \"0.3\"\n";

/// The token the tests' clients fill idempotency tokens with, as the Smithy suites expect.
const TEST_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// A case's client configuration from its `AwsConfig` vendor parameters: the region, and
/// config builder calls for the client and for the operation alone.
struct AwsConfig {
    region: String,
    client: TokenStream,
    operation: Option<TokenStream>,
}

/// The generated test files, and the cases each holds.
struct Tests {
    protocol: String,
    test_ids: Vec<String>,
    event_streams: String,
    event_stream_ids: Vec<String>,
    deviations: Vec<(String, &'static str)>,
}

struct Generator<'a> {
    model: &'a Model,
    service: &'a Service,
    /// The protocol trait's shape id, which a case's `protocol` must name.
    protocol_id: String,
    structures: BTreeMap<&'a str, &'a Structure>,
    unions: BTreeMap<&'a str, &'a Structure>,
}

/// One case, with what it applies to.
struct Case<'a> {
    id: String,
    value: &'a Value,
    operation: &'a Operation,
    /// For error cases: the variant of the operation's error and the error's structure.
    error: Option<(String, &'a Structure)>,
}

impl<'a> Generator<'a> {
    fn new(model: &'a Model, service: &'a Service) -> Self {
        let protocol_id = service.protocol.trait_id().to_owned();
        let structures = service.structures.iter().map(|s| (s.rust_name.as_str(), s)).collect();
        let unions = service.unions.iter().map(|s| (s.rust_name.as_str(), s)).collect();
        Self { model, service, protocol_id, structures, unions }
    }

    /// Every client-side case of the service, each with its operation.
    fn cases(&self) -> Result<(Vec<Case<'a>>, Vec<Case<'a>>, Vec<Case<'a>>)> {
        let (mut requests, mut responses, mut streams) = (Vec::new(), Vec::new(), Vec::new());
        let mut error_cases_done = BTreeSet::new();
        for op in &self.service.operations {
            let shape = self.model.expect(&op.id);
            for case in self.client_cases(shape, REQUEST_TESTS)? {
                requests.push(Case { id: case_id(case, shape)?, value: case, operation: op, error: None });
            }
            for case in self.client_cases(shape, RESPONSE_TESTS)? {
                responses.push(Case { id: case_id(case, shape)?, value: case, operation: op, error: None });
            }
            for case in self.client_cases(shape, EVENT_STREAM_TESTS)? {
                streams.push(Case { id: case_id(case, shape)?, value: case, operation: op, error: None });
            }
            // An error's cases run against the first operation that can return it.
            for error_ref in &op.errors {
                let Some(structure) = self.service.errors.iter().find(|e| e.rust_name == error_ref.rust_name) else { continue };
                if !error_cases_done.insert(structure.rust_name.clone()) {
                    continue;
                }
                let error_shape = self.model.expect(&error_ref.id);
                for case in self.client_cases(error_shape, RESPONSE_TESTS)? {
                    let error = Some((error_ref.rust_name.clone(), structure));
                    responses.push(Case { id: case_id(case, error_shape)?, value: case, operation: op, error });
                }
            }
        }
        Ok((requests, responses, streams))
    }

    /// The cases of `trait_id` on `shape` for this protocol, leaving out server-only ones.
    fn client_cases(&self, shape: &'a Shape, trait_id: &str) -> Result<Vec<&'a Value>> {
        let Some(cases) = shape.traits.get(trait_id) else { return Ok(Vec::new()) };
        let cases = cases.as_array().ok_or_else(|| bad(shape, format!("{trait_id} is not a list")))?;
        Ok(cases
            .iter()
            .filter(|c| c.get("protocol").and_then(Value::as_str) == Some(self.protocol_id.as_str()))
            .filter(|c| c.get("appliesTo").and_then(Value::as_str) != Some("server"))
            .collect())
    }

    fn tests(&self) -> Result<Tests> {
        let (requests, responses, streams) = self.cases()?;
        let mut names = BTreeSet::new();
        let (mut test_ids, mut tests) = (Vec::new(), Vec::new());
        for case in &requests {
            tests.push(self.request_test(case, &mut names)?);
            test_ids.push(case.id.clone());
        }
        for case in &responses {
            tests.push(self.response_test(case, &mut names)?);
            test_ids.push(case.id.clone());
        }
        let (mut event_stream_ids, mut stream_tests, mut deviations) = (Vec::new(), Vec::new(), Vec::new());
        for case in &streams {
            if let Some((_, why)) = DEVIATIONS.iter().find(|(id, _)| *id == case.id) {
                deviations.push((case.id.clone(), *why));
                continue;
            }
            stream_tests.push(self.event_stream_test(case, &mut names)?);
            event_stream_ids.push(case.id.clone());
        }
        let protocol = self.test_file("", tests)?;
        let event_streams = self.test_file(" (eventStreamTests)", stream_tests)?;
        Ok(Tests { protocol, test_ids, event_streams, event_stream_ids, deviations })
    }

    /// A test file of `tests`, with the client they share.
    fn test_file(&self, kind: &str, tests: Vec<TokenStream>) -> Result<String> {
        let krate = ident(&self.service.crate_name.replace('-', "_"));
        let same_impls = self.same_impls();
        let header = format!(
            " Compliance tests of {} ({}){kind}, generated from the model's test cases.",
            self.service.sdk_id,
            self.service.protocol.name()
        );
        let tokens = quote! {
            #![doc = #header]
            #![allow(deprecated, unused_variables, dead_code, clippy::all)]
            mod support;
            use #krate as sdk;
            /// A client that sends to `https://{host}` through `connector`.
            fn client(connector: &support::Canned, host: &str) -> sdk::Client {
                sdk::Client::from_conf(configured(connector, "us-east-1").endpoint_url(format!("https://{host}")).build())
            }
            /// The configuration of a client in `region` that sends through `connector`.
            fn configured(connector: &support::Canned, region: &'static str) -> sdk::config::Builder {
                sdk::Config::builder()
                    .region(sdk::config::Region::new(region))
                    .credentials_provider(sdk::config::Credentials::new("AKID", "SECRET", None, None, "protocol-tests"))
                    .idempotency_token_provider(#TEST_TOKEN)
                    .retry_config(sdk::config::RetryConfig::disabled())
                    .http_connector(connector.clone())
            }
            #( #same_impls )*
            #( #tests )*
        };
        format(tokens).map_err(|e| Error::one(Diagnostic::new(e).shape(self.service.id.as_str())))
    }

    fn request_test(&self, case: &Case<'_>, names: &mut BTreeSet<String>) -> Result<TokenStream> {
        let v = case.value;
        let name = test_name(&case.id, names);
        let op = case.operation;
        let method = ident(&op.fn_name);
        let setters = match v.get("params") {
            Some(Value::Object(params)) => self.setters(&op.input, params, &case.id)?,
            Some(Value::Null) | None => Vec::new(),
            Some(_) => return Err(bad_case(&case.id, "params is not an object")),
        };
        let host = str_field(v, "host").unwrap_or("example.com");
        let (client, customize) = match self.aws_config(v, &case.id)? {
            Some(AwsConfig { region, client, operation }) => {
                let customize = operation.map(|settings| quote!(.customize().config_override(sdk::Config::builder() #settings)));
                (quote!(sdk::Client::from_conf(configured(&connector, #region) #client .build())), customize)
            }
            None => (quote!(client(&connector, #host)), None),
        };
        let method_name = str_field(v, "method").unwrap_or("POST");
        let uri = str_field(v, "uri").unwrap_or("/");
        let resolved = opt_str(str_field(v, "resolvedHost"));
        let strings = |key: &str| -> Vec<&str> {
            v.get(key).and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
        };
        let (query, forbid_query, require_query) = (strings("queryParams"), strings("forbidQueryParams"), strings("requireQueryParams"));
        let headers = header_pairs(v);
        let (forbid_headers, require_headers) = (strings("forbidHeaders"), strings("requireHeaders"));
        let body = opt_str(str_field(v, "body"));
        let media_type = opt_str(str_field(v, "bodyMediaType"));
        let docs = doc_lines(v, &case.id);
        Ok(quote! {
            #docs
            #[tokio::test]
            async fn #name() {
                let connector = support::Canned::new(200, &[], b"");
                let client = #client;
                let result = client.#method() #( #setters )* #customize .send().await;
                let sent = connector.request(&result);
                support::check_request(&sent, &support::Expected {
                    method: #method_name,
                    uri: #uri,
                    resolved_host: #resolved,
                    query_params: &[#( #query ),*],
                    forbid_query_params: &[#( #forbid_query ),*],
                    require_query_params: &[#( #require_query ),*],
                    headers: &[#( #headers ),*],
                    forbid_headers: &[#( #forbid_headers ),*],
                    require_headers: &[#( #require_headers ),*],
                    body: #body,
                    body_media_type: #media_type,
                });
            }
        })
    }

    /// The client configuration a case's `vendorParams` give as an
    /// `aws.protocoltests.config#AwsConfig`: the client's region (its endpoint is then the
    /// one the rules resolve there, which the case's `host` names), and S3's addressing
    /// settings for the client and for the one operation. Any other setting is an error
    /// rather than left out.
    fn aws_config(&self, v: &Value, case: &str) -> Result<Option<AwsConfig>> {
        if str_field(v, "vendorParamsShape") != Some("aws.protocoltests.config#AwsConfig") {
            return Ok(None);
        }
        let empty = Value::Object(serde_json::Map::new());
        let params = v.get("vendorParams").unwrap_or(&empty);
        let only = |value: &Value, keys: &[&str], at: &str| -> Result<()> {
            match value.as_object().and_then(|o| o.keys().find(|k| !keys.contains(&k.as_str()))) {
                Some(key) => Err(bad_case(case, format!("vendorParams{at} sets {key}, which these tests do not apply"))),
                None => Ok(()),
            }
        };
        only(params, &["scopedConfig"], "")?;
        let scoped = params.get("scopedConfig").unwrap_or(&empty);
        only(scoped, &["client", "operation"], ".scopedConfig")?;
        let client = scoped.get("client").unwrap_or(&empty);
        only(client, &["region", "s3"], ".scopedConfig.client")?;
        let region = str_field(client, "region").ok_or_else(|| bad_case(case, "its AwsConfig names no client region"))?;
        let client_settings = match client.get("s3") {
            Some(s3) => self.s3_settings(s3, case)?,
            None => TokenStream::new(),
        };
        let operation = match scoped.get("operation") {
            Some(operation) => {
                only(operation, &["s3"], ".scopedConfig.operation")?;
                Some(self.s3_settings(operation.get("s3").unwrap_or(&empty), case)?)
            }
            None => None,
        };
        Ok(Some(AwsConfig { region: region.to_owned(), client: client_settings, operation }))
    }

    /// The config builder calls for an AwsConfig's `S3Config`: each the setting of the
    /// endpoint parameter with the built-in that S3's rules read it from.
    fn s3_settings(&self, s3: &Value, case: &str) -> Result<TokenStream> {
        let mut calls = TokenStream::new();
        let Some(settings) = s3.as_object() else { return Err(bad_case(case, "its S3Config is not an object")) };
        for (key, value) in settings {
            let (built_in, on) = match (key.as_str(), value) {
                ("addressing_style", Value::String(style)) => match style.as_str() {
                    "path" => ("AWS::S3::ForcePathStyle", true),
                    "virtual" => ("AWS::S3::ForcePathStyle", false),
                    "auto" => continue,
                    other => return Err(bad_case(case, format!("unknown S3 addressing style {other:?}"))),
                },
                ("use_dualstack_endpoint", Value::Bool(on)) => ("AWS::UseDualStack", *on),
                ("use_accelerate_endpoint", Value::Bool(on)) => ("AWS::S3::Accelerate", *on),
                _ => return Err(bad_case(case, format!("its S3Config sets {key} to {value}, which these tests do not apply"))),
            };
            let param = self
                .service
                .endpoint_rules
                .as_ref()
                .and_then(|rules| rules.params.iter().find(|p| p.built_in.as_deref() == Some(built_in)))
                .ok_or_else(|| bad_case(case, format!("its S3Config sets {key}, but the service's endpoint rules take no {built_in}")))?;
            let setter = ident(&param.rust_name);
            calls.extend(quote!(.#setter(#on)));
        }
        Ok(calls)
    }

    fn response_test(&self, case: &Case<'_>, names: &mut BTreeSet<String>) -> Result<TokenStream> {
        let v = case.value;
        let name = test_name(&case.id, names);
        let op = case.operation;
        let method = ident(&op.fn_name);
        let module = ident(&op.fn_name);
        let code = v.get("code").and_then(Value::as_u64).ok_or_else(|| bad_case(&case.id, "code is missing"))?;
        let code = Literal::u16_unsuffixed(u16::try_from(code).map_err(|_| bad_case(&case.id, "code is not an HTTP status"))?);
        let headers = header_pairs(v);
        let body = str_field(v, "body").unwrap_or("");
        // Binary bodies (CBOR) are written in base64.
        let body = if str_field(v, "bodyMediaType") == Some("application/cbor") {
            normalize::base64_decode(body).ok_or_else(|| bad_case(&case.id, "the CBOR body is not base64"))?
        } else {
            body.as_bytes().to_vec()
        };
        let body = Literal::byte_string(&body);
        let empty = serde_json::Map::new();
        let params = match v.get("params") {
            Some(Value::Object(params)) => params,
            Some(Value::Null) | None => &empty,
            Some(_) => return Err(bad_case(&case.id, "params is not an object")),
        };
        let docs = doc_lines(v, &case.id);
        // Required input members get placeholder values, so the request is sent.
        let required = op.input.fields.iter().filter(|f| f.required).map(|f| {
            let setter = ident(&format!("set_{}", crate::naming::bare(&f.rust_name)));
            // A URI label cannot be empty.
            let mut value = match (&f.ty, &f.http) {
                (RustType::String, crate::normalize::HttpBinding::Label) => quote!(String::from("label")),
                _ => self.placeholder(&f.ty),
            };
            if f.boxed {
                value = quote!(Box::new(#value));
            }
            quote!(.#setter(Some(#value)))
        });
        let send = quote! {
            let connector = support::Canned::new(#code, &[#( #headers ),*], #body);
            let client = client(&connector, "example.com");
            let result = client.#method() #( #required )* .send().await;
        };
        let check = match &case.error {
            None => {
                let output = ident(&op.output.rust_name);
                let expected = self.build(&op.output, quote!(sdk::operation::#module::#output::builder()), params, &case.id)?;
                let checks = member_checks(&op.output);
                quote! {
                    let actual = match result {
                        Ok(output) => output,
                        Err(e) => panic!("expected an output, got the error {}", sdk::error::DisplayErrorContext(&e)),
                    };
                    let expected = #expected;
                    #( #checks )*
                }
            }
            Some((variant, structure)) => {
                let error_enum = ident(&format!("{}Error", op.name));
                let variant = ident(variant);
                let error_type = ident(&structure.rust_name);
                let expected = self.build(structure, quote!(sdk::types::error::#error_type::builder()), params, &case.id)?;
                let checks = member_checks(structure);
                let wanted = &structure.rust_name;
                // `vendorParams.code`: the code the error's metadata reports.
                let code_check = v.get("vendorParams").and_then(|p| p.get("code")).and_then(Value::as_str).map(|code| {
                    quote! {
                        assert_eq!(::aws_smithy_types::error::metadata::ProvideErrorMetadata::code(&actual), Some(#code), "the error's code");
                    }
                });
                quote! {
                    let error = match result {
                        Ok(output) => panic!("expected the error {}, got the output {:?}", #wanted, output),
                        Err(e) => e.into_service_error(),
                    };
                    let actual = match error {
                        sdk::operation::#module::#error_enum::#variant(actual) => actual,
                        other => panic!("expected the error {}, got {:?}", #wanted, other),
                    };
                    let expected = #expected;
                    #( #checks )*
                    #code_check
                }
            }
        };
        Ok(quote! {
            #docs
            #[tokio::test]
            async fn #name() {
                #send
                #check
            }
        })
    }

    /// An `eventStreamTests` case: the caller's events are sent and each message checked
    /// against the case's (unwrapped from its signed message); the service's events, or
    /// its initial response, are fed back and read as the case says, or fail as it expects.
    fn event_stream_test(&self, case: &Case<'_>, names: &mut BTreeSet<String>) -> Result<TokenStream> {
        let v = case.value;
        let name = test_name(&case.id, names);
        let op = case.operation;
        let method = ident(&op.fn_name);
        let module = ident(&op.fn_name);
        let events = v.get("events").and_then(Value::as_array).cloned().unwrap_or_default();
        let of_type =
            |kind: &str| events.iter().filter(|e| e.get("type").and_then(Value::as_str) == Some(kind)).cloned().collect::<Vec<_>>();
        let (sent, received) = (of_type("request"), of_type("response"));
        fn stream_of(structure: &Structure) -> Option<(&crate::normalize::Field, String)> {
            structure.fields.iter().find_map(|f| match &f.ty {
                RustType::EventSender(u) | RustType::EventStream(u) => Some((f, u.clone())),
                _ => None,
            })
        }
        // An event of the stream `union`, or one of its errors (`Err`), from its params.
        let event_value = |union: &str, event: &Value| -> Result<(TokenStream, bool)> {
            let params = event.get("params").and_then(Value::as_object).ok_or_else(|| bad_case(&case.id, "an event has no params"))?;
            let stream = self.service.event_streams.iter().find(|s| s.union == union);
            let error = params.iter().next().and_then(|(key, value)| {
                let e = stream?.errors.iter().find(|e| &e.code == key)?;
                Some((e, value))
            });
            match error {
                Some((e, value)) => {
                    let structure = self
                        .service
                        .errors
                        .iter()
                        .find(|s| s.rust_name == e.rust_name)
                        .ok_or_else(|| bad_case(&case.id, format!("no error {}", e.rust_name)))?;
                    let fields = value.as_object().ok_or_else(|| bad_case(&case.id, "an error event's params are not an object"))?;
                    let error_type = ident(&e.rust_name);
                    let built = self.build(structure, quote!(sdk::types::error::#error_type::builder()), fields, &case.id)?;
                    let (enum_name, variant) = (ident(&format!("{union}Error")), ident(&e.rust_name));
                    Ok((quote!(sdk::types::error::#enum_name::#variant(#built)), true))
                }
                None => Ok((self.value(&RustType::Union(union.to_owned()), &Value::Object(params.clone()), &case.id)?, false)),
            }
        };
        // What the caller sends.
        let mut setters = Vec::new();
        for f in op.input.fields.iter().filter(|f| f.required && !f.ty.is_stream()) {
            let setter = ident(&format!("set_{}", crate::naming::bare(&f.rust_name)));
            let value = match (&f.ty, &f.http) {
                (RustType::String, crate::normalize::HttpBinding::Label) => quote!(String::from("label")),
                _ => self.placeholder(&f.ty),
            };
            setters.push(quote!(.#setter(Some(#value))));
        }
        if let Some(Value::Object(params)) = v.get("initialRequestParams") {
            setters.extend(self.setters(&op.input, params, &case.id)?);
        }
        let mut expected_sent = Vec::new();
        if let Some((field, union)) = stream_of(&op.input) {
            let mut items = Vec::new();
            for event in &sent {
                let (value, is_error) = event_value(&union, event)?;
                items.push(if is_error { quote!(Err(#value)) } else { quote!(Ok(#value)) });
                let bytes = str_field(event, "bytes").ok_or_else(|| bad_case(&case.id, "a request event has no bytes"))?;
                let media_type = opt_str(str_field(event, "bodyMediaType"));
                expected_sent.push(quote!(support::ExpectedEvent { bytes: #bytes, media_type: #media_type }));
            }
            let setter = ident(crate::naming::bare(&field.rust_name));
            setters.push(
                quote!(.#setter(sdk::primitives::event_stream::EventStreamSender::from(support::Ready(vec![#( #items ),*].into_iter())))),
            );
        } else if !sent.is_empty() {
            return Err(bad_case(&case.id, "request events for an operation whose input has no event stream"));
        }
        // What the service answers.
        let initial = v.get("initialResponse");
        let code = initial.and_then(|r| r.get("code")).and_then(Value::as_u64).unwrap_or(200);
        let code = Literal::u16_unsuffixed(u16::try_from(code).map_err(|_| bad_case(&case.id, "code is not an HTTP status"))?);
        let mut headers = initial.map(header_pairs).unwrap_or_default();
        let body = match initial.and_then(|r| str_field(r, "body")) {
            Some(body) => quote!(#body.as_bytes().to_vec()),
            None => {
                headers.push(quote!(("content-type", "application/vnd.amazon.eventstream")));
                let bytes = received
                    .iter()
                    .map(|e| str_field(e, "bytes").ok_or_else(|| bad_case(&case.id, "a response event has no bytes")))
                    .collect::<Result<Vec<_>>>()?;
                quote!(support::event_bytes(&[#( #bytes ),*]))
            }
        };
        let request_check = (!sent.is_empty() || v.get("initialRequest").is_some()).then(|| {
            let initial_headers = v.get("initialRequest").map(header_pairs).unwrap_or_default();
            quote! {
                let sent = connector.request(&result);
                for (name, value) in [#( #initial_headers ),*] {
                    let found = sent.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
                    assert_eq!(found, Some(value), "header {name}");
                }
                support::check_sent_events(&sent.body, &[#( #expected_sent ),*]);
            }
        });
        let output_stream = stream_of(&op.output);
        let failure = v.get("expectation").and_then(|e| e.get("failure"));
        let response_check = match failure {
            None => {
                // The output's other members, where the case gives them.
                let members = match v.get("initialResponseParams").and_then(Value::as_object) {
                    Some(params) => {
                        let output_type = ident(&op.output.rust_name);
                        let expected =
                            self.build(&op.output, quote!(sdk::operation::#module::#output_type::builder()), params, &case.id)?;
                        let checks = op.output.fields.iter().filter(|f| !f.ty.is_stream()).map(|f| {
                            let (field, member) = (ident(&f.rust_name), &f.member_name);
                            quote!(support::check_member(#member, &actual.#field, &expected.#field);)
                        });
                        quote! {
                            let expected = #expected;
                            #( #checks )*
                        }
                    }
                    None => quote!(),
                };
                let mut reads = Vec::new();
                if let Some((field, union)) = &output_stream {
                    let field = ident(&field.rust_name);
                    for event in &received {
                        let (value, _) = event_value(union, event)?;
                        reads.push(quote! {
                            match actual.#field.recv().await {
                                Ok(Some(event)) => support::check_member("event", &event, &#value),
                                other => panic!("expected an event, got {other:?}"),
                            }
                        });
                    }
                    reads.push(quote!(assert!(matches!(actual.#field.recv().await, Ok(None)), "the stream ends after its events");));
                }
                let binding = if output_stream.is_some() { quote!(let mut actual) } else { quote!(let actual) };
                quote! {
                    #binding = match result {
                        Ok(output) => output,
                        Err(e) => panic!("expected an output, got the error {}", sdk::error::DisplayErrorContext(&e)),
                    };
                    #members
                    #( #reads )*
                }
            }
            Some(failure) => {
                let error_id = failure.get("errorId").and_then(Value::as_str).map(|id| id.rsplit('#').next().unwrap_or(id).to_owned());
                // A modeled error of the operation (an error status), or of the stream (an
                // exception message), or any failure of either.
                let call_error = match error_id.as_ref().and_then(|id| op.errors.iter().find(|e| &e.rust_name == id)) {
                    Some(e) => {
                        let (error_enum, variant) = (ident(&format!("{}Error", op.name)), ident(&e.rust_name));
                        quote!(assert!(matches!(e.into_service_error(), sdk::operation::#module::#error_enum::#variant(_)), "the operation's modeled error");)
                    }
                    None => quote!(let _ = e;),
                };
                let stream_error = match (&output_stream, &error_id) {
                    (Some((_, union)), Some(id)) => {
                        let stream = self.service.event_streams.iter().find(|s| &s.union == union);
                        match stream.and_then(|s| s.errors.iter().find(|e| &e.rust_name == id)) {
                            Some(e) => {
                                let (error_enum, variant) = (ident(&format!("{union}Error")), ident(&e.rust_name));
                                quote!(assert!(matches!(e.into_service_error(), sdk::types::error::#error_enum::#variant(_)), "the stream's modeled error");)
                            }
                            None => quote!(let _ = e;),
                        }
                    }
                    _ => quote!(let _ = e;),
                };
                let read = match &output_stream {
                    Some((field, _)) => {
                        let field = ident(&field.rust_name);
                        quote! {
                            loop {
                                match output.#field.recv().await {
                                    Ok(Some(_)) => continue,
                                    Ok(None) => panic!("the stream ended without the failure the case expects"),
                                    Err(e) => {
                                        #stream_error
                                        break;
                                    }
                                }
                            }
                        }
                    }
                    None => quote!(panic!("expected a failure, got the output {output:?}");),
                };
                quote! {
                    match result {
                        Err(e) => { #call_error }
                        Ok(mut output) => { #read }
                    }
                }
            }
        };
        let docs = doc_lines(v, &case.id);
        Ok(quote! {
            #docs
            #[tokio::test]
            async fn #name() {
                let connector = support::Canned::new(#code, &[#( #headers ),*], &#body);
                let client = client(&connector, "example.com");
                let result = client.#method() #( #setters )* .send().await;
                #request_check
                #response_check
            }
        })
    }

    /// `.set_member(Some(value))` for each parameter of a structure.
    fn setters(&self, structure: &Structure, params: &serde_json::Map<String, Value>, case: &str) -> Result<Vec<TokenStream>> {
        let mut out = Vec::new();
        for (key, value) in params {
            let field = structure
                .fields
                .iter()
                .find(|f| &f.member_name == key)
                .ok_or_else(|| bad_case(case, format!("params names {key}, which {} does not have", structure.name)))?;
            if value.is_null() {
                continue;
            }
            let setter = ident(&format!("set_{}", crate::naming::bare(&field.rust_name)));
            let mut rust = self.value(&field.ty, value, case)?;
            if field.boxed {
                rust = quote!(Box::new(#rust));
            }
            out.push(quote!(.#setter(Some(#rust))));
        }
        Ok(out)
    }

    /// `builder` with `params` set, built.
    fn build(
        &self,
        structure: &Structure,
        builder: TokenStream,
        params: &serde_json::Map<String, Value>,
        case: &str,
    ) -> Result<TokenStream> {
        let setters = self.setters(structure, params, case)?;
        let fallible = structure.fields.iter().any(|f| f.presence == Presence::Required);
        let build = if fallible {
            let why = format!("the test's {} has every required member", structure.name);
            quote!(.build().expect(#why))
        } else {
            quote!(.build())
        };
        Ok(quote!(#builder #( #setters )* #build))
    }

    /// The Rust expression of a node value of type `ty`.
    fn value(&self, ty: &RustType, node: &Value, case: &str) -> Result<TokenStream> {
        let wrong = |what: &str| bad_case(case, format!("expected {what}, found {node}"));
        Ok(match ty {
            RustType::String => {
                let s = node.as_str().ok_or_else(|| wrong("a string"))?;
                quote!(#s.to_owned())
            }
            RustType::Bool => {
                let b = node.as_bool().ok_or_else(|| wrong("a boolean"))?;
                quote!(#b)
            }
            RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 | RustType::IntEnum => {
                let i = node.as_i64().ok_or_else(|| wrong("an integer"))?;
                let range_error = || wrong("an integer in range");
                match ty {
                    RustType::I8 => Literal::i8_suffixed(i8::try_from(i).map_err(|_| range_error())?).into_token_stream(),
                    RustType::I16 => Literal::i16_suffixed(i16::try_from(i).map_err(|_| range_error())?).into_token_stream(),
                    RustType::I64 => Literal::i64_suffixed(i).into_token_stream(),
                    _ => Literal::i32_suffixed(i32::try_from(i).map_err(|_| range_error())?).into_token_stream(),
                }
            }
            RustType::F32 | RustType::F64 => {
                let t = if *ty == RustType::F32 { quote!(f32) } else { quote!(f64) };
                match node {
                    Value::String(s) if s == "NaN" => quote!(#t::NAN),
                    Value::String(s) if s == "Infinity" => quote!(#t::INFINITY),
                    Value::String(s) if s == "-Infinity" => quote!(#t::NEG_INFINITY),
                    Value::Number(n) => {
                        let f = n.as_f64().ok_or_else(|| wrong("a number"))?;
                        if *ty == RustType::F32 {
                            Literal::f32_suffixed(f as f32).into_token_stream()
                        } else {
                            Literal::f64_suffixed(f).into_token_stream()
                        }
                    }
                    _ => return Err(wrong("a number, NaN, Infinity or -Infinity")),
                }
            }
            RustType::Blob => {
                let s = node.as_str().ok_or_else(|| wrong("a string (a blob's bytes)"))?;
                quote!(sdk::primitives::Blob::new(#s.as_bytes()))
            }
            RustType::EventStream(_) | RustType::EventSender(_) => {
                return Err(wrong("no value: event streams are not compliance-case parameters"))
            }
            RustType::Stream => {
                let s = node.as_str().ok_or_else(|| wrong("a string (a stream's bytes)"))?;
                quote!(sdk::primitives::ByteStream::from(#s.as_bytes().to_vec()))
            }
            RustType::DateTime if node.is_string() => {
                let text = node.as_str().unwrap_or_default();
                quote!(sdk::primitives::DateTime::from_str(#text, sdk::primitives::DateTimeFormat::DateTime).expect("the test's timestamp is valid"))
            }
            RustType::DateTime => {
                let n = node.as_number().ok_or_else(|| wrong("epoch seconds"))?;
                let (secs, nanos) = normalize::epoch_parts(&n.to_string()).ok_or_else(|| wrong("epoch seconds"))?;
                quote!(sdk::primitives::DateTime::from_secs_and_nanos(#secs, #nanos))
            }
            RustType::Enum(name) => {
                let s = node.as_str().ok_or_else(|| wrong("an enum value"))?;
                let name = ident(name);
                quote!(sdk::types::#name::from(#s))
            }
            RustType::Struct(name) => {
                let structure = self.structures.get(name.as_str()).ok_or_else(|| bad_case(case, format!("no structure {name}")))?;
                let params = node.as_object().ok_or_else(|| wrong("an object"))?;
                let type_name = ident(name);
                self.build(structure, quote!(sdk::types::#type_name::builder()), params, case)?
            }
            RustType::Union(name) => {
                let union = self.unions.get(name.as_str()).ok_or_else(|| bad_case(case, format!("no union {name}")))?;
                let entries = node.as_object().ok_or_else(|| wrong("an object"))?;
                let [(key, value)] = entries.iter().collect::<Vec<_>>()[..] else {
                    return Err(wrong("an object with one member"));
                };
                let field = union
                    .fields
                    .iter()
                    .find(|f| &f.member_name == key)
                    .ok_or_else(|| bad_case(case, format!("the union {} has no member {key}", union.name)))?;
                let mut value = self.value(&field.ty, value, case)?;
                if field.boxed {
                    value = quote!(Box::new(#value));
                }
                let (type_name, variant) = (ident(name), ident(&crate::naming::variant_name(key)));
                quote!(sdk::types::#type_name::#variant(#value))
            }
            RustType::Document => crate::emit::document(node, &quote!(sdk::primitives)),
            RustType::Error(name) => return Err(bad_case(case, format!("a value of the error {name} as a parameter is not supported"))),
            RustType::BigInteger | RustType::BigDecimal => {
                let text = match node {
                    Value::Number(n) => n.to_string(),
                    Value::String(s) => s.clone(),
                    _ => return Err(wrong("a number")),
                };
                let ty = if *ty == RustType::BigInteger { quote!(BigInteger) } else { quote!(BigDecimal) };
                quote!(#text.parse::<sdk::primitives::#ty>().expect("the test's number is valid"))
            }
            RustType::Sparse(item) => match node {
                Value::Null => quote!(None),
                _ => {
                    let item = self.value(item, node, case)?;
                    quote!(Some(#item))
                }
            },
            RustType::List(item) => {
                let items = node.as_array().ok_or_else(|| wrong("a list"))?;
                let items = items.iter().map(|i| self.value(item, i, case)).collect::<Result<Vec<_>>>()?;
                quote!(vec![#( #items ),*])
            }
            RustType::Map(key, value) => {
                let entries = node.as_object().ok_or_else(|| wrong("a map"))?;
                let entries = entries
                    .iter()
                    .map(|(k, v)| Ok((self.value(key, &Value::String(k.clone()), case)?, self.value(value, v, case)?)))
                    .collect::<Result<Vec<_>>>()?
                    .into_iter()
                    .map(|(k, v)| quote!((#k, #v)));
                quote!(::std::collections::HashMap::from([#( #entries ),*]))
            }
        })
    }

    /// Some value of type `ty`, for required input members a case does not set.
    fn placeholder(&self, ty: &RustType) -> TokenStream {
        match ty {
            RustType::String => quote!(String::new()),
            RustType::Bool => quote!(false),
            RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 | RustType::IntEnum | RustType::F32 | RustType::F64 => {
                quote!(Default::default())
            }
            RustType::Blob => quote!(sdk::primitives::Blob::new(Vec::new())),
            RustType::Stream => quote!(sdk::primitives::ByteStream::default()),
            RustType::EventStream(_) | RustType::EventSender(_) => quote!(Default::default()),
            RustType::DateTime => quote!(sdk::primitives::DateTime::from_secs(0)),
            RustType::Enum(name) => {
                let name = ident(name);
                quote!(sdk::types::#name::from(""))
            }
            RustType::Struct(name) => {
                // Its required members that are `Option`s (structures) get placeholders too
                // (not recursive ones, which would never end).
                let required = self
                    .structures
                    .get(name.as_str())
                    .into_iter()
                    .flat_map(|s| &s.fields)
                    .filter(|f| f.required && f.optional() && !f.boxed);
                let sets = required.map(|f| {
                    let field = ident(&f.rust_name);
                    let value = self.placeholder(&f.ty);
                    quote!(value.#field = Some(#value);)
                });
                let name = ident(name);
                quote!({
                    let mut value = <sdk::types::#name as Default>::default();
                    #( #sets )*
                    value
                })
            }
            RustType::Error(name) => {
                let name = ident(name);
                quote!(<sdk::types::error::#name as Default>::default())
            }
            RustType::Union(name) => {
                let union = self.unions.get(name.as_str());
                match union.and_then(|u| u.fields.first()) {
                    Some(field) => {
                        let (name, variant) = (ident(name), ident(&crate::naming::variant_name(&field.member_name)));
                        let mut value = self.placeholder(&field.ty);
                        if field.boxed {
                            value = quote!(Box::new(#value));
                        }
                        quote!(sdk::types::#name::#variant(#value))
                    }
                    None => quote!(unreachable!("a union without members")),
                }
            }
            RustType::Document => quote!(sdk::primitives::Document::Null),
            RustType::BigInteger | RustType::BigDecimal => quote!(Default::default()),
            RustType::List(_) => quote!(Vec::new()),
            RustType::Map(..) => quote!(::std::collections::HashMap::new()),
            RustType::Sparse(_) => quote!(None),
        }
    }

    /// `support::Same` for every structure and enum: member by member, so NaN equals NaN
    /// however deep it is.
    fn same_impls(&self) -> Vec<TokenStream> {
        let structures = self.service.structures.iter().map(|s| {
            let name = ident(&s.rust_name);
            let members = s.fields.iter().map(|f| {
                let f = ident(&f.rust_name);
                quote!(&& support::Same::same(&self.#f, &other.#f))
            });
            quote! {
                impl support::Same for sdk::types::#name {
                    #[allow(unused_variables)]
                    fn same(&self, other: &Self) -> bool {
                        true #( #members )*
                    }
                }
            }
        });
        let enums = self.service.enums.iter().map(|e| {
            let name = ident(&e.rust_name);
            quote! {
                impl support::Same for sdk::types::#name {
                    fn same(&self, other: &Self) -> bool {
                        self == other
                    }
                }
            }
        });
        let unions = self.service.unions.iter().map(|u| {
            let name = ident(&u.rust_name);
            let arms = u.fields.iter().map(|f| {
                let v = ident(&crate::naming::variant_name(&f.member_name));
                quote!((Self::#v(a), Self::#v(b)) => support::Same::same(a, b),)
            });
            quote! {
                impl support::Same for sdk::types::#name {
                    fn same(&self, other: &Self) -> bool {
                        match (self, other) {
                            #( #arms )*
                            (Self::Unknown, Self::Unknown) => true,
                            _ => false,
                        }
                    }
                }
            }
        });
        structures.chain(enums).chain(unions).collect()
    }
}

/// `support::check_member` for each member of an output or error.
fn member_checks(structure: &Structure) -> Vec<TokenStream> {
    structure
        .fields
        .iter()
        .map(|f| {
            let field = ident(&f.rust_name);
            let name = &f.member_name;
            if f.ty == RustType::Stream {
                return quote!(support::check_stream(#name, actual.#field, expected.#field).await;);
            }
            quote!(support::check_member(#name, &actual.#field, &expected.#field);)
        })
        .collect()
}

/// A case's `headers` as `(name, value)` tuples.
fn header_pairs(v: &Value) -> Vec<TokenStream> {
    v.get("headers")
        .and_then(Value::as_object)
        .map(|h| h.iter().filter_map(|(k, v)| v.as_str().map(|v| quote!((#k, #v)))).collect())
        .unwrap_or_default()
}

fn case_id(case: &Value, shape: &Shape) -> Result<String> {
    case.get("id").and_then(Value::as_str).map(str::to_owned).ok_or_else(|| bad(shape, "a test case has no id".into()))
}

fn str_field<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

/// A unique snake_case test name for a case id.
fn test_name(id: &str, taken: &mut BTreeSet<String>) -> proc_macro2::Ident {
    let base = id.to_snake_case();
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    if syn::parse_str::<syn::Ident>(&name).is_err() {
        name.push_str("_case");
    }
    ident(&name)
}

fn doc_lines(v: &Value, id: &str) -> TokenStream {
    let mut text = format!(" `{id}`");
    if let Some(d) = str_field(v, "documentation") {
        text.push_str(": ");
        text.push_str(&d.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    quote!(#[doc = #text])
}

fn bad(shape: &Shape, message: String) -> Error {
    Error::one(Diagnostic::new(message).shape(shape.id.to_string()))
}

fn bad_case(id: &str, message: impl Into<String>) -> Error {
    Error::one(Diagnostic::new(format!("protocol test {id}: {}", message.into())))
}
