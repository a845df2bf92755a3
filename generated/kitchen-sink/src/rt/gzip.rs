//! Request compression (`@requestCompression`): bodies are gzipped before they are signed.

use std::io::Write;

/// `body`, gzipped.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn compress(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), flate2::Compression::default());
    encoder.write_all(body)?;
    encoder.finish()
}
