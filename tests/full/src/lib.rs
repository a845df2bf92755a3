//! Helpers for the tests of crates generated from the official AWS models.

pub use test_support::{capture, faults, moto};

pub mod compat;

/// A client of the generated crate `$krate` for the shared moto server (us-east-1, moto's
/// test credentials), started on first use.
#[macro_export]
macro_rules! moto_client {
    ($krate:ident) => {{
        let moto = $crate::moto::server();
        $krate::Client::from_conf(
            $krate::Config::builder()
                .region($krate::config::Region::new("us-east-1"))
                .endpoint_url(&moto.endpoint)
                .credentials_provider($krate::config::Credentials::new("testing", "testing", None, None, "moto"))
                .behavior_version($krate::config::BehaviorVersion::latest())
                .build(),
        )
    }};
}
