//! The crate's frame: Cargo.toml, lib.rs, config, error, primitives.

use super::{format, Files};
use crate::normalize::Service;
use quote::quote;

/// Versions of the registry crates generated code depends on.
pub const DEPENDENCIES: &str = r#"[dependencies]
aws-credential-types = "1.3"
aws-smithy-async = "1.2"
aws-sigv4 = { version = "1.6", default-features = false, features = ["sign-http", "http1"] }
aws-smithy-http-client = { version = "1.5", features = ["rustls-aws-lc"], optional = true }
aws-smithy-runtime-api = { version = "1.20", features = ["client", "http-1x"] }
aws-smithy-types = { version = "1.9.3", features = ["http-body-1-x"] }
aws-types = "1.7"
bytes = "1"
fastrand = "2"
http-body = "1"
"#;

/// The crate's features, named as aws-sdk-*'s so that a manifest naming them builds either
/// crate: the built-in HTTPS client and tokio's timer, both on by default (without them the
/// config names an `http_client` and a `sleep_impl`); `behavior-version-latest`, which this
/// client's behavior always is; `rustls`, aws-sdk-*'s older name for its HTTPS client;
/// `test-util`, `Credentials::for_tests()`.
pub const FEATURES: &str = r#"[features]
default = ["default-https-client", "rt-tokio"]
default-https-client = ["dep:aws-smithy-http-client"]
rt-tokio = ["aws-smithy-async/rt-tokio"]
behavior-version-latest = []
rustls = ["default-https-client"]
test-util = ["aws-credential-types/test-util"]
"#;

/// The features of a crate with streams, whose `rt-tokio` also gives `ByteStream::from_path`
/// and `into_async_read`, as aws-sdk-*'s does.
fn features(service: &Service) -> String {
    match service.uses_streams() {
        true => FEATURES.replace(r#"["aws-smithy-async/rt-tokio"]"#, r#"["aws-smithy-async/rt-tokio", "aws-smithy-types/rt-tokio"]"#),
        false => FEATURES.to_owned(),
    }
}

/// What request compression needs, for crates whose operations allow it.
const GZIP_DEPENDENCY: &str = "flate2 = { version = \"1\", default-features = false, features = [\"rust_backend\"] }\n";

/// What presigned requests need: their `http` 1.x form.
const PRESIGNING_DEPENDENCY: &str = "http = \"1\"\n";

/// What sending event streams needs: the `Stream` trait callers' event streams implement,
/// as aws-sdk-*'s `EventStreamSender` takes them.
const EVENT_SENDER_DEPENDENCY: &str = "futures-core = \"0.3\"\n";

/// What flexible checksums need: CRC32 (the default algorithm) with the CPU's carry-less
/// multiply, for crates whose operations have `@httpChecksum`.
const CHECKSUM_DEPENDENCY: &str = "crc32fast = \"1\"\n";

/// aws-sigv4's dependency line with its `sigv4a` feature.
fn with_sigv4a(line: &str) -> String {
    line.replace("\"http1\"]", "\"http1\", \"sigv4a\"]")
}

/// The dependencies of the crate's runtime, with the features its operations need.
fn dependencies(service: &Service) -> String {
    if !service.uses_sigv4a() {
        return DEPENDENCIES.to_owned();
    }
    DEPENDENCIES
        .lines()
        .map(|line| match line {
            _ if line.starts_with("aws-sigv4 ") => with_sigv4a(line),
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The settings of flexible checksums (`@httpChecksum`), as aws-sdk-* has them in the
/// crates of services with such operations.
fn checksum_settings() -> proc_macro2::TokenStream {
    quote! {
        pub use ::aws_smithy_types::checksum_config::{RequestChecksumCalculation, ResponseChecksumValidation};
        impl Config {
            /// Which requests of operations with flexible checksums carry one.
            pub fn request_checksum_calculation(&self) -> Option<&RequestChecksumCalculation> {
                self.request_checksum_calculation.as_ref()
            }
            /// Which responses of operations with flexible checksums have theirs checked.
            pub fn response_checksum_validation(&self) -> Option<&ResponseChecksumValidation> {
                self.response_checksum_validation.as_ref()
            }
        }
        impl Builder {
            /// Sets which requests carry a checksum: every request of an operation that
            /// supports one (`WhenSupported`, the default), or only those that require one.
            pub fn request_checksum_calculation(mut self, calculation: RequestChecksumCalculation) -> Self {
                self.set_request_checksum_calculation(Some(calculation));
                self
            }
            /// Sets or clears which requests carry a checksum.
            pub fn set_request_checksum_calculation(&mut self, calculation: Option<RequestChecksumCalculation>) -> &mut Self {
                self.inner.request_checksum_calculation = calculation;
                self
            }
            /// Sets which responses have their checksum checked: every response that carries
            /// one (`WhenSupported`, the default), or only those the caller asked to check.
            pub fn response_checksum_validation(mut self, validation: ResponseChecksumValidation) -> Self {
                self.set_response_checksum_validation(Some(validation));
                self
            }
            /// Sets or clears which responses have their checksum checked.
            pub fn set_response_checksum_validation(&mut self, validation: Option<ResponseChecksumValidation>) -> &mut Self {
                self.inner.response_checksum_validation = validation;
                self
            }
        }
    }
}

/// The bearer token settings, as aws-sdk-* has them in the crates of services with
/// `smithy.api#httpBearerAuth`; `From<&SdkConfig>` takes the loaded token provider.
/// The SigV4a region set of a crate whose endpoints may ask for SigV4a, as aws-sdk-* has it.
fn sigv4a_settings() -> proc_macro2::TokenStream {
    quote! {
        impl Config {
            /// The regions SigV4a signatures are for, if set.
            pub fn sigv4a_signing_region_set(&self) -> Option<&::aws_types::region::SigningRegionSet> {
                self.sigv4a_signing_region_set.as_ref()
            }
        }
        impl Builder {
            /// Signs SigV4a requests for these regions (`"*"`, or a comma-separated list)
            /// instead of those the endpoint names.
            pub fn sigv4a_signing_region_set(mut self, region_set: impl Into<::aws_types::region::SigningRegionSet>) -> Self {
                self.set_sigv4a_signing_region_set(Some(region_set.into()));
                self
            }
            /// Sets or clears the SigV4a signing region set.
            pub fn set_sigv4a_signing_region_set(&mut self, region_set: Option<::aws_types::region::SigningRegionSet>) -> &mut Self {
                self.inner.sigv4a_signing_region_set = region_set;
                self
            }
        }
    }
}

fn token_settings() -> proc_macro2::TokenStream {
    quote! {
        pub use ::aws_credential_types::provider::token::{ProvideToken, SharedTokenProvider};
        pub use ::aws_credential_types::Token;
        impl Config {
            /// The provider of bearer tokens.
            pub fn token_provider(&self) -> Option<SharedTokenProvider> {
                self.token_provider.clone()
            }
        }
        impl Builder {
            /// Sets the provider of the bearer tokens operations authenticate with.
            pub fn token_provider(mut self, token_provider: impl ProvideToken + 'static) -> Self {
                self.set_token_provider(Some(SharedTokenProvider::new(token_provider)));
                self
            }
            /// Sets or clears the provider of bearer tokens.
            pub fn set_token_provider(&mut self, token_provider: Option<SharedTokenProvider>) -> &mut Self {
                self.inner.token_provider = token_provider;
                self
            }
            /// Sets the bearer token operations authenticate with.
            pub fn bearer_token(self, bearer_token: Token) -> Self {
                self.token_provider(bearer_token)
            }
        }
    }
}

pub(super) fn emit(service: &Service, files: &mut Files) -> Result<(), String> {
    files.insert(
        "Cargo.toml".into(),
        format!(
            "# Code generated by the Smithy Rust generator. DO NOT EDIT.\n[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2021\"\ndescription = \"Client for {} (generated from its Smithy model)\"\nlicense = \"Apache-2.0\"\npublish = false\n\n{}{}{}{}{}{}\n{}",
            service.crate_name,
            service.sdk_id,
            dependencies(service),
            service.protocol.format_dependencies(),
            if service.uses_gzip() { GZIP_DEPENDENCY } else { "" },
            // Event stream messages carry CRC32s too.
            if service.uses_flexible_checksums() || !service.event_streams.is_empty() { CHECKSUM_DEPENDENCY } else { "" },
            if super::customize::uses_presigning(service) { PRESIGNING_DEPENDENCY } else { "" },
            if service.sends_events() { EVENT_SENDER_DEPENDENCY } else { "" },
            features(service)
        ),
    );
    let krate = service.crate_name.replace('-', "_");
    let mut text = service.docs.clone().unwrap_or_else(|| format!("A client for {}.", service.sdk_id));
    // A service called with bearer tokens only is configured with one.
    let bearer_only =
        service.uses_bearer_auth() && !service.operations.iter().any(|op| op.auth.contains(&crate::normalize::AuthScheme::SigV4));
    let (identity_type, identity) = match bearer_only {
        true => ("Token", ".bearer_token(Token::new(\"TOKEN\", None))"),
        false => ("Credentials", ".credentials_provider(Credentials::new(\"AKID\", \"SECRET\", None, None, \"example\"))"),
    };
    text.push_str(&format!(
        "\n\n# Usage\n\nWith the configuration `aws_config` loads: `{krate}::Client::new(&aws_config::load_from_env().await)`. \
         Or configure the client yourself:\n\n```no_run\n\
         use {krate}::config::{{BehaviorVersion, {identity_type}, Region}};\n\n\
         let config = {krate}::Config::builder()\n    .region(Region::new(\"us-east-1\"))\n    \
         {identity}\n    \
         .behavior_version(BehaviorVersion::latest())\n    .build();\n\
         let client = {krate}::Client::from_conf(config);\n```"
    ));
    let lines = text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    files.insert(
        "src/lib.rs".into(),
        format(quote! {
            #( #![doc = #lines] )*
            #![forbid(unsafe_code)]
            #![warn(missing_docs)]
            #![allow(deprecated)]
            #![allow(clippy::large_enum_variant, clippy::result_large_err, clippy::doc_lazy_continuation, clippy::empty_docs, clippy::too_long_first_doc_paragraph, clippy::should_implement_trait, clippy::borrowed_box)]
            pub use client::Client;
            pub use config::Config;
            pub use error_meta::Error;
            pub use rt::builder;
            pub mod client;
            pub mod config;
            pub mod error;
            mod error_meta;
            pub mod operation;
            pub mod primitives;
            mod rt;
            mod schemas;
            pub mod types;
        })?,
    );
    let (sdk_id, signing_name) = (&service.sdk_id, &service.signing_name);
    let (protocol_type, protocol) = service.protocol.runtime();
    let account_id_mode = service
        .endpoint_rules
        .iter()
        .flat_map(|r| &r.params)
        .any(|p| p.built_in.as_deref() == Some("AWS::Auth::AccountIdEndpointMode"))
        .then(|| {
            quote!(
                pub use ::aws_types::endpoint_config::AccountIdEndpointMode;
            )
        });
    let service_headers = super::customize::service_headers(service).into_iter().map(|(name, value)| quote!((#name, #value)));
    let plain_signing = !super::customize::s3_signing(service);
    let errors_in_ok_bodies = super::customize::errors_in_ok_bodies(service);
    let retryable_codes = super::customize::retryable_codes(service);
    let checksum_settings = service.uses_flexible_checksums().then(checksum_settings);
    let token_settings = service.uses_bearer_auth().then(token_settings);
    let sigv4a_settings = service.uses_sigv4a().then(sigv4a_settings);
    let sigv4a = match service.uses_sigv4a() {
        true => quote!(Some(crate::rt::sigv4a::params)),
        false => quote!(None),
    };
    let extended_request_id = match super::customize::extended_request_id(service) {
        true => quote!(Some((crate::extended_request_id::HEADER, crate::extended_request_id::METADATA_KEY))),
        false => quote!(None),
    };
    // RPC protocols carry an event-stream output's other members in the stream's first message.
    let initial_response = match !service.event_streams.is_empty() && !service.protocol.http_bindings() {
        true => quote!(Some(crate::rt::event_stream::initial_response)),
        false => quote!(None),
    };
    let event_format = match (service.event_streams.is_empty(), service.protocol.event_format()) {
        (true, _) => quote!(),
        (false, Some(format)) => quote! {
            /// The document format of event messages' payloads.
            pub(crate) type EventFormat = #format;
        },
        (false, None) => return Err(format!("{} has no event streams, but the service uses them", service.protocol.name())),
    };
    let (session_auth, create_session) = match super::customize::session_auth(service) {
        Some((path, create)) => {
            let path: syn::Path = syn::parse_str(path).map_err(|e| e.to_string())?;
            let create: syn::Path = syn::parse_str(create).map_err(|e| e.to_string())?;
            (quote!(Some(&#path)), quote!(Some(#create)))
        }
        None => (quote!(None), quote!(None)),
    };
    let bearer_token_env = match super::customize::environment_bearer_token(service) {
        Some(id) => quote!(Some(#id)),
        None => quote!(None),
    };
    files.insert(
        "src/config.rs".into(),
        format(quote! {
            //! Client configuration.
            pub use crate::rt::config::{Builder, Config, IdempotencyTokenProvider};
            pub use ::aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
            pub use ::aws_credential_types::Credentials;
            pub use ::aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
            pub use ::aws_smithy_runtime_api::client::http::{HttpClient, SharedHttpClient};
            pub use ::aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
            pub use ::aws_smithy_runtime_api::client::stalled_stream_protection::StalledStreamProtectionConfig;
            pub use ::aws_smithy_runtime_api::shared::IntoShared;
            pub use ::aws_smithy_async::rt::sleep::{AsyncSleep, SharedAsyncSleep, Sleep};
            pub use ::aws_types::app_name::AppName;
            pub use ::aws_smithy_types::retry::RetryConfig;
            pub use ::aws_smithy_types::timeout::TimeoutConfig;
            pub use ::aws_types::region::Region;
            #account_id_mode
            /// Retry settings.
            pub mod retry {
                pub use ::aws_smithy_types::retry::{RetryConfig, RetryMode};
            }
            /// Timeout settings.
            pub mod timeout {
                pub use ::aws_smithy_types::timeout::TimeoutConfig;
            }
            pub mod endpoint;
            pub(crate) static SERVICE: crate::rt::config::ServiceMeta = crate::rt::config::ServiceMeta {
                sdk_id: #sdk_id,
                signing_name: #signing_name,
                protocol: &PROTOCOL,
                headers: &[#( #service_headers ),*],
                double_encodes_path: #plain_signing,
                normalizes_path: #plain_signing,
                signs_payload_hash: !#plain_signing,
                errors_in_ok_bodies: #errors_in_ok_bodies,
                retryable_codes: &[#(#retryable_codes),*],
                sigv4a: #sigv4a,
                session_auth: #session_auth,
                bearer_token_env: #bearer_token_env,
                extended_request_id: #extended_request_id,
                initial_response: #initial_response,
            };
            /// Obtains the session credentials `SERVICE.session_auth` signs with: a constant that
            /// each request carries, so that the call it makes compiles where calls are sent.
            pub(crate) const CREATE_SESSION: Option<crate::rt::client::CreateSession> = #create_session;
            #checksum_settings
            #token_settings
            #sigv4a_settings
            /// The service's protocol, which `SERVICE` names too: as its own type, inputs are
            /// written through it with static calls.
            pub(crate) static PROTOCOL: #protocol_type = #protocol;
            #event_format
        })?,
    );
    files.insert(
        "src/error.rs".into(),
        format(quote! {
            //! Errors: what a call can fail with, and the types that describe it.
            pub use ::aws_smithy_runtime_api::box_error::BoxError;
            pub use ::aws_smithy_runtime_api::client::result::ConnectorError;
            pub use ::aws_smithy_types::error::display::DisplayErrorContext;
            pub use ::aws_smithy_types::error::metadata::{ErrorMetadata, ProvideErrorMetadata};
            pub use ::aws_smithy_types::error::operation::BuildError;
            pub use crate::rt::codec::DecodeError;
            /// The error of a call: it could not be built, sent, or understood, or the service
            /// returned an error (`SdkError::ServiceError`, with the operation's error inside).
            pub type SdkError<E, R = ::aws_smithy_runtime_api::client::orchestrator::HttpResponse> =
                ::aws_smithy_runtime_api::client::result::SdkError<E, R>;
            pub(crate) mod sealed_unhandled {
                /// An error the model does not describe.
                #[derive(Debug)]
                pub struct Unhandled {
                    pub(crate) source: ::aws_smithy_runtime_api::box_error::BoxError,
                    pub(crate) meta: ::aws_smithy_types::error::ErrorMetadata,
                }
            }
        })?,
    );
    // Streams read from files (`ByteStream::read_from()`), where the crate has streams.
    let file_streams = service.uses_streams().then(|| {
        quote!(
            pub use ::aws_smithy_types::byte_stream::{FsBuilder, Length};
        )
    });
    let event_streams = (!service.event_streams.is_empty()).then(|| {
        let sender = service.sends_events().then(|| {
            quote!(
                pub use crate::rt::event_sender::EventStreamSender;
            )
        });
        quote! {
            /// Event streams: the receiver an output holds, the sender an input holds, and
            /// their messages.
            pub mod event_stream {
                #sender
                pub use crate::rt::event_stream::EventReceiver;
                pub use ::aws_smithy_types::event_stream::{Header, HeaderValue, Message, RawMessage};
            }
        }
    });
    files.insert(
        "src/primitives.rs".into(),
        format(quote! {
            //! Primitive types: timestamps, blobs, and the carrier of unknown enum values.
            pub use ::aws_smithy_types::date_time::Format as DateTimeFormat;
            pub use ::aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document};
            pub use ::aws_smithy_types::body::SdkBody;
            pub use ::aws_smithy_types::byte_stream::{AggregatedBytes, ByteStream};
            pub use ::aws_smithy_types::byte_stream::error::Error as ByteStreamError;
            #file_streams
            #event_streams
            /// The carrier of enum values this crate does not know.
            pub mod sealed_enum_unknown {
                /// An enum value that this version of the crate does not know.
                #[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
                pub struct UnknownVariantValue(pub(crate) String);
                impl UnknownVariantValue {
                    /// The value as the service sent it.
                    pub fn as_str(&self) -> &str {
                        &self.0
                    }
                }
                impl ::std::fmt::Display for UnknownVariantValue {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(&self.0)
                    }
                }
            }
        })?,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The runtime, compiled once in the workspace, depends on what generated crates
    /// depend on: the common dependencies, with every optional one and feature a crate may
    /// get (streams' `rt-tokio` aside: the runtime does not open files).
    #[test]
    fn the_runtime_crate_has_the_generated_crates_dependencies() {
        let manifest = include_str!("../../runtime/Cargo.toml");
        let section = manifest.split("[dependencies]\n").nth(1).expect("a [dependencies] section");
        let section = section.split("\n[").next().unwrap_or_default();
        let mut runtime: Vec<&str> = section.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect();
        let generated = super::DEPENDENCIES.replace("[dependencies]\n", "")
            + crate::protocol::XML_DEPENDENCY
            + crate::protocol::CBOR_DEPENDENCY
            + super::GZIP_DEPENDENCY
            + super::CHECKSUM_DEPENDENCY
            + super::PRESIGNING_DEPENDENCY
            + super::EVENT_SENDER_DEPENDENCY;
        let mut expected: Vec<String> =
            generated.lines().map(|line| if line.starts_with("aws-sigv4 ") { super::with_sigv4a(line) } else { line.to_owned() }).collect();
        runtime.sort_unstable();
        expected.sort_unstable();
        assert_eq!(runtime, expected, "codegen/runtime/Cargo.toml and emit/crate_files.rs differ");
        let features = manifest.split("\n[features]\n").nth(1).expect("a [features] section");
        let features = features.split("\n[").next().unwrap_or_default().trim();
        assert_eq!(features, super::FEATURES.replace("[features]\n", "").trim(), "the runtime's features differ");
    }
}
