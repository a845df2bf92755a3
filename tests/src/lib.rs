//! The project's tests of the generator and the crates in `generated/`.

pub use test_support::{capture, faults, moto, root};

/// The generator's options as `cargo xtask codegen` uses them: the AWS partitions of
/// `../shared/endpoints/partitions.json`, which endpoint rules calling `aws.partition` read.
pub fn codegen_options() -> codegen::normalize::Options {
    codegen::normalize::Options { partitions: Some(root().join("../shared/endpoints/partitions.json")), ..Default::default() }
}

/// The config builder of the generated crate `$krate` for a loopback server at `$endpoint`
/// (us-west-2, fixed test credentials, no retries), for a test to finish with `.build()`.
#[macro_export]
macro_rules! loopback_config {
    ($krate:ident, $endpoint:expr) => {
        $krate::Config::builder()
            .region($krate::config::Region::new("us-west-2"))
            .endpoint_url($endpoint)
            .credentials_provider($krate::config::Credentials::new("AKID", "secret", None, None, "test"))
            .retry_config($krate::config::RetryConfig::disabled())
            .behavior_version($krate::config::BehaviorVersion::latest())
    };
}
