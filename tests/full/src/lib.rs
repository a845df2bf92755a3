//! Helpers for the tests of crates generated from the official AWS models.

pub use test_support::events::{event_frame, json_event, json_exception};
pub use test_support::{capture, faults, moto};

pub mod compat;

/// A client of the generated crate `$krate` for the shared moto server (us-east-1 unless a
/// region is given, moto's test credentials), started on first use.
#[macro_export]
macro_rules! moto_client {
    ($krate:ident) => {
        $crate::moto_client!($krate, "us-east-1")
    };
    ($krate:ident, $region:expr) => {{
        let moto = $crate::moto::server();
        $krate::Client::from_conf(
            $krate::Config::builder()
                .region($krate::config::Region::new($region))
                .endpoint_url(&moto.endpoint)
                .credentials_provider($krate::config::Credentials::new("testing", "testing", None, None, "moto"))
                .behavior_version($krate::config::BehaviorVersion::latest())
                .build(),
        )
    }};
}

/// A client of the generated S3 crate in path style for a local server at `endpoint`
/// (moto, or a loopback server of the tests): us-east-1, moto's test credentials.
pub fn s3_path_style(endpoint: &str) -> sdk_s3::Client {
    sdk_s3::Client::from_conf(
        sdk_s3::Config::builder()
            .region(sdk_s3::config::Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(sdk_s3::config::Credentials::new("testing", "testing", None, None, "moto"))
            .behavior_version(sdk_s3::config::BehaviorVersion::latest())
            .force_path_style(true)
            .build(),
    )
}

use test_support::events::crc32;

/// A zip archive holding one stored (uncompressed) file: a function's deployment package.
pub fn zip(name: &str, contents: &[u8]) -> Vec<u8> {
    let (crc, size, name_len) = (crc32(contents), contents.len() as u32, name.len() as u16);
    let mut out = Vec::new();
    let local = |out: &mut Vec<u8>| {
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, stored, time, date
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
    };
    local(&mut out);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(contents);
    let directory = out.len() as u32;
    out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    out.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // made by, needed, flags, stored, time, date
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&name_len.to_le_bytes());
    out.extend_from_slice(&[0; 12]); // extra, comment, disk, internal and external attributes
    out.extend_from_slice(&0u32.to_le_bytes()); // the local header's offset
    out.extend_from_slice(name.as_bytes());
    let directory_len = out.len() as u32 - directory;
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    out.extend_from_slice(&directory_len.to_le_bytes());
    out.extend_from_slice(&directory.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}
