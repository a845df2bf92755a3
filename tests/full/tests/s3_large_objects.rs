//! A 200 MiB object streamed from a file to moto and back into another file: the bytes are
//! equal and the process's peak resident memory stays under 64 MiB above what it was
//! before the transfers (the body is never held whole). Alone in its test binary, so that
//! the peak is this test's.

use sdk_s3::primitives::ByteStream;
use std::io::{Read, Write};

const SIZE: usize = 200 * 1024 * 1024;
const CHUNK: usize = 1024 * 1024;

/// The process's resident memory now and at its peak, in bytes (Linux `/proc`).
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .expect("a memory field")
            * 1024
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn chunk(index: usize) -> Vec<u8> {
    (0..CHUNK).map(|i| ((i * 7 + index * 13) % 251) as u8).collect()
}

#[tokio::test]
async fn two_hundred_mib_go_up_and_down_streamed_in_little_memory() {
    let dir = std::env::temp_dir();
    let source = dir.join(format!("s3-large-up-{}", std::process::id()));
    let target = dir.join(format!("s3-large-down-{}", std::process::id()));
    {
        let mut file = std::fs::File::create(&source).expect("a temporary file");
        for index in 0..SIZE / CHUNK {
            file.write_all(&chunk(index)).expect("written");
        }
    }
    // moto decodes `aws-chunked` uploads slowly (minutes for 200 MiB), so the checksum goes
    // untried here; `s3_moto.rs` sends one in a trailer from a file.
    let moto = full_sdk_tests::s3_path_style(&full_sdk_tests::moto::server().endpoint);
    let checksum_when_required = sdk_s3::config::RequestChecksumCalculation::WhenRequired;
    let client = sdk_s3::Client::from_conf(moto.config().to_builder().request_checksum_calculation(checksum_when_required).build());
    client.create_bucket().bucket("large-objects").send().await.expect("bucket created");
    let (idle, _) = memory();

    let body = ByteStream::from_path(&source).await.expect("the file opens");
    client.put_object().bucket("large-objects").key("big.bin").body(body).send().await.expect("uploaded");
    let object = client.get_object().bucket("large-objects").key("big.bin").send().await.expect("downloading");
    assert_eq!(object.content_length(), Some(SIZE as i64));
    let mut reader = object.body.into_async_read();
    let mut file = tokio::fs::File::create(&target).await.expect("a target file");
    let copied = tokio::io::copy(&mut reader, &mut file).await.expect("downloaded");
    assert_eq!(copied, SIZE as u64);
    drop(file);
    let (_, peak) = memory();
    let above = peak.saturating_sub(idle);
    println!("idle {} MiB, peak {} MiB: {} MiB above idle", idle >> 20, peak >> 20, above >> 20);
    assert!(above < 64 * 1024 * 1024, "peak memory {} MiB above idle", above >> 20);

    let mut downloaded = std::fs::File::open(&target).expect("the download");
    let mut buffer = vec![0u8; CHUNK];
    for index in 0..SIZE / CHUNK {
        downloaded.read_exact(&mut buffer).expect("a chunk of the download");
        assert!(buffer == chunk(index), "chunk {index} differs");
    }
    assert_eq!(downloaded.read(&mut buffer).expect("the end"), 0, "nothing more");
    let _ = std::fs::remove_file(&source);
    let _ = std::fs::remove_file(&target);
    client.delete_object().bucket("large-objects").key("big.bin").send().await.expect("deleted");
}
