//! The flexible checksums of `@httpChecksum` (CRC32, CRC32C, CRC64NVME, SHA1, SHA256):
//! computed for requests and checked on responses. Only in crates with such operations,
//! whose `Operation` impls name these functions for the pipeline (`client.rs`) to call.

use super::checksums::{BlockHasher, BlockState, Sha256State};
use super::client::{ChecksummedRequest, Digest, Headers};
use super::config::Config;
use super::operation::HttpChecksum;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::checksum_config::{RequestChecksumCalculation, ResponseChecksumValidation};
use bytes::{Bytes, BytesMut};
use std::borrow::Cow;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The request side of `@httpChecksum`, as aws-sdk-* does it. Unless the caller set an
/// `x-amz-checksum-*` header, the body's checksum is sent: in that header when the body is
/// in memory, in an `aws-chunked` trailer when it is a stream. The algorithm is the one the
/// caller named, else CRC32 (named in the algorithm header, as aws-sdk-* names it); with
/// `RequestChecksumCalculation::WhenRequired`, only operations that require a checksum or
/// callers who name an algorithm get one. The validation mode is set to `ENABLED` unless
/// the caller set it or the configuration asks for validation only when required.
pub(crate) fn prepare(
    checksum: &'static HttpChecksum,
    conf: &Config,
    headers: &mut Headers,
    body: SdkBody,
) -> Result<ChecksummedRequest, String> {
    let value_of = |headers: &Headers, name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
    let mut out = ChecksummedRequest { body, unsigned_trailer: false, check_response: false };
    if let Some(mode) = checksum.validation_header {
        match value_of(headers, mode) {
            Some(value) => out.check_response = value.eq_ignore_ascii_case("ENABLED"),
            None if conf.response_checksum_validation != Some(ResponseChecksumValidation::WhenRequired) => {
                headers.push((Cow::Borrowed(mode), "ENABLED".to_owned()));
                out.check_response = true;
            }
            None => {}
        }
    }
    let Some(algorithm_header) = checksum.algorithm_header else { return Ok(out) };
    let is_sum = |name: &str| {
        name.len() > PREFIX.len()
            && name[..PREFIX.len()].eq_ignore_ascii_case(PREFIX)
            && !checksum.validation_header.is_some_and(|mode| name.eq_ignore_ascii_case(mode))
    };
    if headers.iter().any(|(name, _)| is_sum(name)) {
        return Ok(out);
    }
    let chosen = value_of(headers, algorithm_header);
    let when_supported = conf.request_checksum_calculation != Some(RequestChecksumCalculation::WhenRequired);
    let algorithm = match chosen {
        Some(algorithm) => algorithm.to_ascii_uppercase(),
        None if when_supported || checksum.required => {
            headers.push((Cow::Borrowed(algorithm_header), DEFAULT_ALGORITHM.to_owned()));
            DEFAULT_ALGORITHM.to_owned()
        }
        None => return Ok(out),
    };
    let mut digest = self::checksum(&algorithm)
        .ok_or_else(|| format!("its checksum algorithm {algorithm} is not one this client computes ({})", ALGORITHMS.join(", ")))?;
    let name = format!("{PREFIX}{}", algorithm.to_ascii_lowercase());
    if let Some(bytes) = out.body.bytes() {
        digest.update(bytes);
        headers.push((Cow::Owned(name), aws_smithy_types::base64::encode(digest.finish())));
        return Ok(out);
    }
    // A stream: `aws-chunked`, its checksum in the trailer, as aws-sdk-* sends streams.
    let length = http_body::Body::size_hint(&out.body).exact().ok_or(
        "a stream of unknown length cannot be sent aws-chunked with its checksum (give the ByteStream a length, or set the checksum header)",
    )?;
    let sum_length = aws_smithy_types::base64::encoded_length(digest_length(&algorithm));
    let trailer_length = (name.len() + 1 + sum_length) as u64;
    headers.push((Cow::Borrowed("content-encoding"), "aws-chunked".to_owned()));
    headers.push((Cow::Borrowed("x-amz-decoded-content-length"), length.to_string()));
    headers.push((Cow::Borrowed("x-amz-trailer"), name.clone()));
    // Each attempt (a retry rewinds the stream) starts a fresh checksum.
    out.body = std::mem::replace(&mut out.body, SdkBody::taken()).map(move |inner| {
        let digest = self::checksum(&algorithm).unwrap_or_else(|| unreachable!("the algorithm was checked"));
        SdkBody::from_body_1_x(AwsChunked::new(inner, digest, name.clone(), length, trailer_length))
    });
    out.unsigned_trailer = true;
    Ok(out)
}

/// Checksum headers: `x-amz-checksum-` and the algorithm in lower case.
const PREFIX: &str = "x-amz-checksum-";

/// What a request carries when the caller names no algorithm, as in aws-sdk-*.
const DEFAULT_ALGORITHM: &str = "CRC32";

/// The length in bytes of `algorithm`'s sums.
fn digest_length(algorithm: &str) -> usize {
    checksum(algorithm).map_or(0, |digest| digest.finish().len())
}

/// The checksum a response's headers carry for the first of the operation's response
/// algorithms that has one: its algorithm, header and sum. A sum of parts (`…-3`, which S3
/// gives objects uploaded in parts) or one that is not base64 is not checked, as in aws-sdk-*.
fn expected_checksum(checksum: &HttpChecksum, headers: &[(String, String)]) -> Option<Expected> {
    for algorithm in checksum.response_algorithms {
        let name = format!("{PREFIX}{}", algorithm.to_ascii_lowercase());
        let Some((_, value)) = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(&name)) else { continue };
        if value.rsplit_once('-').is_some_and(|(_, parts)| !parts.is_empty() && parts.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        let sum = aws_smithy_types::base64::decode(value.trim()).ok()?;
        let digest = (checksum.checksum_of)(algorithm)?;
        return Some(Expected { algorithm, header: name, sum, digest });
    }
    None
}

/// A response's checksum and the running checksum of its body.
struct Expected {
    algorithm: &'static str,
    header: String,
    sum: Vec<u8>,
    digest: Box<dyn Digest>,
}

impl Expected {
    /// Why the body fed to the digest does not match, if it does not.
    fn mismatch(self) -> Option<String> {
        let computed = self.digest.finish();
        (computed != self.sum).then(|| {
            format!(
                "the response body does not match its checksum: its {} is {} but the {} header says {}",
                self.algorithm,
                aws_smithy_types::base64::encode(&computed),
                self.header,
                aws_smithy_types::base64::encode(&self.sum)
            )
        })
    }
}

/// A streamed response body that fails at its end when it does not match the checksum the
/// response's headers carry.
pub(crate) fn check_stream(checksum: &'static HttpChecksum, headers: &[(String, String)], body: SdkBody) -> SdkBody {
    match expected_checksum(checksum, headers) {
        Some(expected) => SdkBody::from_body_1_x(Checked { inner: body, expected: Some(expected) }),
        None => body,
    }
}

/// Why a response body read whole does not match the checksum its headers carry.
pub(crate) fn check_bytes(checksum: &'static HttpChecksum, headers: &[(String, String)], body: &[u8]) -> Option<String> {
    let mut expected = expected_checksum(checksum, headers)?;
    expected.digest.update(body);
    expected.mismatch()
}

/// A body checked against its checksum as it is read.
struct Checked {
    inner: SdkBody,
    /// Taken when the body ends.
    expected: Option<Expected>,
}

impl http_body::Body for Checked {
    type Data = Bytes;
    type Error = aws_smithy_types::body::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let (Some(data), Some(expected)) = (frame.data_ref(), this.expected.as_mut()) {
                    expected.digest.update(data);
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(None) => match this.expected.take().and_then(Expected::mismatch) {
                Some(why) => Poll::Ready(Some(Err(why.into()))),
                None => Poll::Ready(None),
            },
            other => other,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.expected.is_none() && self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// The size of the chunks an `aws-chunked` body is cut into, as aws-sdk-* cuts them.
const CHUNK: usize = 64 * 1024;

/// A stream sent `aws-chunked` (each chunk `{hex length}\r\n{data}\r\n`, then `0\r\n`,
/// the trailer `{name}:{base64 sum}\r\n` and `\r\n`), its checksum computed as it goes.
struct AwsChunked {
    inner: SdkBody,
    digest: Option<Box<dyn Digest>>,
    trailer: String,
    /// Data read from the stream and not yet sent.
    buffer: BytesMut,
    /// Frames ready to send: a chunk's header, its data (taken from `buffer` without a
    /// copy) and its closing line.
    ready: std::collections::VecDeque<Bytes>,
    /// The stream's length, and how much of it was read.
    length: u64,
    read: u64,
    inner_done: bool,
    done: bool,
    encoded_length: u64,
}

impl AwsChunked {
    fn new(inner: SdkBody, digest: Box<dyn Digest>, trailer: String, length: u64, trailer_length: u64) -> Self {
        let chunk = |n: u64| format!("{n:x}").len() as u64 + 2 + n + 2;
        let full = length / CHUNK as u64;
        let rest = length % CHUNK as u64;
        let encoded_length = full * chunk(CHUNK as u64) + if rest > 0 { chunk(rest) } else { 0 } + 3 + trailer_length + 2 + 2;
        Self {
            inner,
            digest: Some(digest),
            trailer,
            buffer: BytesMut::new(),
            ready: std::collections::VecDeque::new(),
            length,
            read: 0,
            inner_done: false,
            done: false,
            encoded_length,
        }
    }

    /// Queues `data` as one chunk: its header, the data itself, its closing line.
    fn queue_chunk(&mut self, data: Bytes) {
        self.ready.push_back(Bytes::from(format!("{:x}\r\n", data.len())));
        self.ready.push_back(data);
        self.ready.push_back(Bytes::from_static(b"\r\n"));
    }
}

impl http_body::Body for AwsChunked {
    type Data = Bytes;
    type Error = aws_smithy_types::body::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        loop {
            if let Some(frame) = this.ready.pop_front() {
                return Poll::Ready(Some(Ok(http_body::Frame::data(frame))));
            }
            if this.done {
                return Poll::Ready(None);
            }
            if this.buffer.len() >= CHUNK {
                let data = this.buffer.split_to(CHUNK).freeze();
                this.queue_chunk(data);
                continue;
            }
            if this.inner_done {
                this.done = true;
                if this.read != this.length {
                    let why = format!("the stream gave {} bytes where its length said {}", this.read, this.length);
                    return Poll::Ready(Some(Err(why.into())));
                }
                if !this.buffer.is_empty() {
                    let data = std::mem::take(&mut this.buffer).freeze();
                    this.queue_chunk(data);
                }
                let sum = this.digest.take().map(|digest| aws_smithy_types::base64::encode(digest.finish())).unwrap_or_default();
                this.ready.push_back(Bytes::from(format!("0\r\n{}:{sum}\r\n\r\n", this.trailer)));
                continue;
            }
            match Pin::new(&mut this.inner).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => {
                    if let Ok(mut data) = frame.into_data() {
                        if let Some(digest) = this.digest.as_mut() {
                            digest.update(&data);
                        }
                        this.read += data.len() as u64;
                        // Whole chunks of a frame go out as they came (a file's frames are
                        // 64 KiB already); only what does not fill a chunk is copied.
                        if this.buffer.is_empty() {
                            while data.len() >= CHUNK {
                                let chunk = data.split_to(CHUNK);
                                this.queue_chunk(chunk);
                            }
                        }
                        this.buffer.extend_from_slice(&data);
                    }
                }
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => this.inner_done = true,
                Poll::Pending => return Poll::Pending,
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.done && self.ready.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.encoded_length)
    }
}

/// SHA-1 (FIPS 180-4). Not for security: flexible checksums offer it to detect corruption.
struct Sha1State([u32; 5]);

impl Default for Sha1State {
    fn default() -> Self {
        Self([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0])
    }
}

impl BlockState for Sha1State {
    type Output = [u8; 20];

    fn compress(&mut self, block: &[u8; 64]) {
        let mut w = [0u32; 80];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = self.0;
        for (i, word) in w.iter().enumerate() {
            let (f, k) = match i / 20 {
                0 => ((b & c) | (!b & d), 0x5a827999),
                1 => (b ^ c ^ d, 0x6ed9eba1),
                2 => ((b & c) | (b & d) | (c & d), 0x8f1bbcdc),
                _ => (b ^ c ^ d, 0xca62c1d6),
            };
            let t = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*word);
            (e, d, c, b, a) = (d, c, b.rotate_left(30), a, t);
        }
        for (s, v) in self.0.iter_mut().zip([a, b, c, d, e]) {
            *s = s.wrapping_add(v);
        }
    }

    fn output(&self) -> [u8; 20] {
        let mut out = [0; 20];
        for (chunk, word) in out.chunks_exact_mut(4).zip(self.0) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

/// A reflected CRC computed eight bytes at a time ("slicing by 8") from tables built at
/// compile time: CRC-32C and CRC-64/NVME, which callers choose by name (CRC-32, the
/// default, comes from `crc32fast`, which uses the CPU's carry-less multiply).
struct SlicedCrc<const W: usize> {
    tables: &'static [[u64; 256]; 8],
    crc: u64,
}

const fn crc_tables(poly: u64) -> [[u64; 256]; 8] {
    let mut tables = [[0u64; 256]; 8];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u64;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ poly } else { crc >> 1 };
            bit += 1;
        }
        tables[0][i] = crc;
        i += 1;
    }
    let mut i = 0;
    while i < 256 {
        let mut t = 1;
        while t < 8 {
            let previous = tables[t - 1][i];
            tables[t][i] = (previous >> 8) ^ tables[0][(previous & 0xff) as usize];
            t += 1;
        }
        i += 1;
    }
    tables
}

static CRC32C_TABLES: [[u64; 256]; 8] = crc_tables(0x82f6_3b78);
static CRC64_NVME_TABLES: [[u64; 256]; 8] = crc_tables(0x9a6c_9329_ac4b_c9b5);

impl<const W: usize> SlicedCrc<W> {
    /// `W` is the width in bytes: 4 or 8.
    const MASK: u64 = if W == 8 { u64::MAX } else { (1 << (8 * W)) - 1 };

    fn new(tables: &'static [[u64; 256]; 8]) -> Self {
        Self { tables, crc: Self::MASK }
    }

    fn update(&mut self, data: &[u8]) {
        let t = self.tables;
        let mut crc = self.crc;
        let mut chunks = data.chunks_exact(8);
        for chunk in &mut chunks {
            let word = crc ^ u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            crc = t[7][(word & 0xff) as usize]
                ^ t[6][((word >> 8) & 0xff) as usize]
                ^ t[5][((word >> 16) & 0xff) as usize]
                ^ t[4][((word >> 24) & 0xff) as usize]
                ^ t[3][((word >> 32) & 0xff) as usize]
                ^ t[2][((word >> 40) & 0xff) as usize]
                ^ t[1][((word >> 48) & 0xff) as usize]
                ^ t[0][(word >> 56) as usize];
            crc &= Self::MASK;
        }
        for &b in chunks.remainder() {
            crc = (crc >> 8) ^ t[0][((crc ^ u64::from(b)) & 0xff) as usize];
        }
        self.crc = crc & Self::MASK;
    }

    fn finish(&self) -> Vec<u8> {
        let value = self.crc ^ Self::MASK;
        value.to_be_bytes()[8 - W..].to_vec()
    }
}

/// The flexible checksum algorithms this client computes, by their names in
/// `@httpChecksum` (upper case); the default, CRC32, first.
pub(crate) const ALGORITHMS: &[&str] = &["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

/// A running checksum of one of [`ALGORITHMS`].
enum Checksum {
    Crc32(crc32fast::Hasher),
    Crc32c(SlicedCrc<4>),
    Crc64Nvme(SlicedCrc<8>),
    Sha1(Box<BlockHasher<Sha1State>>),
    Sha256(Box<BlockHasher<Sha256State>>),
}

impl super::client::Digest for Checksum {
    fn update(&mut self, data: &[u8]) {
        match self {
            Self::Crc32(h) => h.update(data),
            Self::Crc32c(h) => h.update(data),
            Self::Crc64Nvme(h) => h.update(data),
            Self::Sha1(h) => h.update(data),
            Self::Sha256(h) => h.update(data),
        }
    }

    fn finish(self: Box<Self>) -> Vec<u8> {
        match *self {
            Self::Crc32(h) => h.finalize().to_be_bytes().to_vec(),
            Self::Crc32c(h) => h.finish(),
            Self::Crc64Nvme(h) => h.finish(),
            Self::Sha1(h) => h.finish().to_vec(),
            Self::Sha256(h) => h.finish().to_vec(),
        }
    }
}

/// A fresh checksum of `algorithm` (a name of [`ALGORITHMS`], any case).
pub(crate) fn checksum(algorithm: &str) -> Option<Box<dyn super::client::Digest>> {
    let checksum = match algorithm.to_ascii_uppercase().as_str() {
        "CRC32" => Checksum::Crc32(crc32fast::Hasher::new()),
        "CRC32C" => Checksum::Crc32c(SlicedCrc::new(&CRC32C_TABLES)),
        "CRC64NVME" => Checksum::Crc64Nvme(SlicedCrc::new(&CRC64_NVME_TABLES)),
        "SHA1" => Checksum::Sha1(Box::default()),
        "SHA256" => Checksum::Sha256(Box::default()),
        _ => return None,
    };
    Some(Box::new(checksum))
}

#[cfg(test)]
mod tests {
    use super::super::checksums::hex;
    use super::{checksum, ALGORITHMS};

    fn sum(algorithm: &str, pieces: &[&[u8]]) -> String {
        let mut digest = checksum(algorithm).expect("a known algorithm");
        for piece in pieces {
            digest.update(piece);
        }
        hex(&digest.finish())
    }

    use crate::test_support::Chunked;

    #[test]
    fn streams_go_aws_chunked_in_64_kib_chunks_with_the_checksum_in_the_trailer() {
        // Frames smaller than a chunk, a chunk each (as a file's), larger and unaligned, whole.
        for frame in [4096, 64 * 1024, 100_000, 150_000] {
            streams_go_aws_chunked_with_frames_of(frame);
        }
    }

    fn streams_go_aws_chunked_with_frames_of(frame: usize) {
        use http_body::Body as _;
        let data: Vec<u8> = (0..150_000u32).map(|i| (i % 251) as u8).collect();
        let inner = aws_smithy_types::body::SdkBody::from_body_1_x(Chunked { data: data.clone().into(), chunk: frame });
        let trailer = "x-amz-checksum-crc32".to_owned();
        let sum = aws_smithy_types::base64::encode(
            checksum("CRC32")
                .map(|mut d| {
                    d.update(&data);
                    d.finish()
                })
                .expect("CRC32"),
        );
        let trailer_length = (trailer.len() + 1 + sum.len()) as u64;
        let mut body = super::AwsChunked::new(inner, checksum("CRC32").expect("CRC32"), trailer.clone(), data.len() as u64, trailer_length);
        let hint = body.size_hint().exact();
        let mut sent = Vec::new();
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        while let std::task::Poll::Ready(Some(frame)) = std::pin::Pin::new(&mut body).poll_frame(&mut cx) {
            sent.extend_from_slice(&frame.expect("a frame").into_data().expect("data"));
        }
        assert!(body.is_end_stream());
        let mut expected = Vec::new();
        for chunk in data.chunks(64 * 1024) {
            expected.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            expected.extend_from_slice(chunk);
            expected.extend_from_slice(b"\r\n");
        }
        expected.extend_from_slice(format!("0\r\n{trailer}:{sum}\r\n\r\n").as_bytes());
        assert!(sent == expected, "frames of {frame}: the encoded body differs ({} bytes sent, {} expected)", sent.len(), expected.len());
        assert_eq!(hint, Some(expected.len() as u64), "the length announced is the length sent");
    }

    #[test]
    fn flexible_checksums_match_their_check_values() {
        // The standard check input of CRC catalogues, and FIPS 180's "abc".
        let check = b"123456789";
        assert_eq!(sum("CRC32", &[check]), "cbf43926");
        assert_eq!(sum("crc32c", &[check]), "e3069283");
        assert_eq!(sum("CRC64NVME", &[check]), "ae8b14860a799888");
        assert_eq!(sum("SHA1", &[b"abc"]), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(sum("SHA1", &[b""]), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(sum("SHA256", &[b"abc"]), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(sum("CRC32", &[b""]), "00000000");
        assert!(checksum("MD5").is_none() && checksum("XXHASH64").is_none());
    }

    #[test]
    fn checksums_fed_in_pieces_equal_one_pass() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for algorithm in ALGORITHMS {
            let whole = sum(algorithm, &[&data]);
            for cut in [0, 1, 7, 63, 64, 65, 4_999, 9_999] {
                let (a, b) = data.split_at(cut);
                assert_eq!(sum(algorithm, &[a, b]), whole, "{algorithm} cut at {cut}");
            }
            assert_eq!(sum(algorithm, &data.chunks(3).collect::<Vec<_>>()), whole, "{algorithm} in threes");
        }
    }
}
