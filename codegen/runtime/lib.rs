//! The runtime every generated crate carries as `src/rt/`, compiled here once as an
//! ordinary crate so that its unit tests run once, not once per generated crate. The
//! `config` module below stands in for the one seam into generated code.

// As in generated crates' lib.rs: errors are the official `SdkError`s, large as they are.
#![allow(clippy::result_large_err)]

#[path = "mod.rs"]
mod rt;

/// What a generated crate's `config.rs` provides to the runtime.
mod config {
    pub(crate) static SERVICE: crate::rt::config::ServiceMeta =
        crate::rt::config::ServiceMeta { sdk_id: "Runtime", signing_name: "runtime", endpoint_prefix: "runtime", protocol: &PROTOCOL };
    pub(crate) static PROTOCOL: crate::rt::json::AwsJson =
        crate::rt::json::AwsJson { target_prefix: "Runtime", content_type: "application/x-amz-json-1.0", query_compatible: false };
}
