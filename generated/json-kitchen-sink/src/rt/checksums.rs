//! Checksums: `Content-MD5` for operations with `@httpChecksumRequired`, the hashes service
//! customizations send (Glacier's SHA-256 tree hash), and the SHA-256 the flexible checksums
//! (`flexible_checksums.rs`) share. Only in crates that have such operations (they name
//! these functions in their `Operation` impls).

/// The `Content-MD5` header value of `body`: its MD5 digest in base64.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn content_md5(body: &[u8]) -> String {
    aws_smithy_types::base64::encode(md5(body))
}

/// Glacier's `x-amz-content-sha256` and `x-amz-sha256-tree-hash` of an upload: the SHA-256
/// of the body, and the root of the binary tree of SHA-256 hashes of its 1 MiB chunks.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn glacier_hashes(body: &[u8]) -> Vec<(&'static str, String)> {
    const CHUNK: usize = 1024 * 1024;
    let mut level: Vec<[u8; 32]> = body.chunks(CHUNK).map(sha256).collect();
    if level.is_empty() {
        level.push(sha256(&[]));
    }
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [left, right] => sha256(&[left.as_slice(), right.as_slice()].concat()),
                [single] => *single,
                _ => unreachable!("chunks(2) yields one or two"),
            })
            .collect();
    }
    let body_hash = if body.len() <= CHUNK { level[0] } else { sha256(body) };
    vec![("x-amz-content-sha256", hex(&body_hash)), ("x-amz-sha256-tree-hash", hex(&level[0]))]
}

#[cfg_attr(debug_assertions, inline)]
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes.iter().flat_map(|b| [DIGITS[usize::from(b >> 4)] as char, DIGITS[usize::from(b & 15)] as char]).collect()
}

/// SHA-256 (FIPS 180-4).
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    let mut hasher = BlockHasher::<Sha256State>::default();
    hasher.update(data);
    hasher.finish()
}

/// A hash over 64-byte blocks with the Merkle–Damgård padding of SHA-1 and SHA-256 (a
/// 0x80 marker, zeros, and the length in bits, big-endian), fed in pieces of any size.
pub(crate) struct BlockHasher<S> {
    state: S,
    block: [u8; 64],
    filled: usize,
    length: u64,
}

impl<S: Default> Default for BlockHasher<S> {
    #[cfg_attr(debug_assertions, inline)]
    fn default() -> Self {
        Self { state: S::default(), block: [0; 64], filled: 0, length: 0 }
    }
}

/// The state of a block hash and its compression function.
pub(crate) trait BlockState: Default {
    type Output;
    fn compress(&mut self, block: &[u8; 64]);
    fn output(&self) -> Self::Output;
}

impl<S: BlockState> BlockHasher<S> {
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn update(&mut self, mut data: &[u8]) {
        self.length = self.length.wrapping_add(data.len() as u64);
        if self.filled > 0 {
            let take = data.len().min(64 - self.filled);
            self.block[self.filled..self.filled + take].copy_from_slice(&data[..take]);
            self.filled += take;
            data = &data[take..];
            if self.filled < 64 {
                return;
            }
            let block = self.block;
            self.state.compress(&block);
            self.filled = 0;
        }
        let mut blocks = data.chunks_exact(64);
        for block in &mut blocks {
            self.state.compress(block.try_into().unwrap_or(&[0; 64]));
        }
        let rest = blocks.remainder();
        self.block[..rest.len()].copy_from_slice(rest);
        self.filled = rest.len();
    }

    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn finish(mut self) -> S::Output {
        let bits = self.length.wrapping_mul(8);
        let mut tail = [0u8; 128];
        tail[..self.filled].copy_from_slice(&self.block[..self.filled]);
        tail[self.filled] = 0x80;
        let tail_len = if self.filled < 56 { 64 } else { 128 };
        tail[tail_len - 8..tail_len].copy_from_slice(&bits.to_be_bytes());
        for block in tail[..tail_len].chunks_exact(64) {
            self.state.compress(block.try_into().unwrap_or(&[0; 64]));
        }
        self.state.output()
    }
}

pub(crate) struct Sha256State([u32; 8]);

impl Default for Sha256State {
    #[cfg_attr(debug_assertions, inline)]
    fn default() -> Self {
        Self([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])
    }
}

impl BlockState for Sha256State {
    type Output = [u8; 32];

    #[cfg_attr(debug_assertions, inline)]
    fn compress(&mut self, block: &[u8; 64]) {
        const K: [u32; 64] = [
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
            0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
            0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
            0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
            0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
            0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        ];
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = self.0;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let choice = (e & f) ^ (!e & g);
            let t1 = h.wrapping_add(s1).wrapping_add(choice).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let majority = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(majority);
            (h, g, f, e, d, c, b, a) = (g, f, e, d.wrapping_add(t1), c, b, a, t1.wrapping_add(t2));
        }
        for (s, v) in self.0.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *s = s.wrapping_add(v);
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn output(&self) -> [u8; 32] {
        let mut out = [0; 32];
        for (chunk, word) in out.chunks_exact_mut(4).zip(self.0) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

/// MD5 (RFC 1321). Not for security: HTTP uses it to detect corrupted bodies.
#[cfg_attr(debug_assertions, inline)]
fn md5(data: &[u8]) -> [u8; 16] {
    const SHIFTS: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];
    // The integer parts of 2^32 * |sin(i + 1)|.
    let constants: [u32; 64] = std::array::from_fn(|i| ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32);
    let mut state: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_le_bytes());
    for block in message.chunks_exact(64) {
        let words: [u32; 16] =
            std::array::from_fn(|i| u32::from_le_bytes([block[4 * i], block[4 * i + 1], block[4 * i + 2], block[4 * i + 3]]));
        let [mut a, mut b, mut c, mut d] = state;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let rotated = a.wrapping_add(f).wrapping_add(constants[i]).wrapping_add(words[g]).rotate_left(SHIFTS[i]);
            (a, d, c, b) = (d, c, b, b.wrapping_add(rotated));
        }
        for (s, v) in state.iter_mut().zip([a, b, c, d]) {
            *s = s.wrapping_add(v);
        }
    }
    let mut out = [0; 16];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    out
}

