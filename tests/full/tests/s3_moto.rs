//! The crate generated from the official S3 model against moto, in path style: a bucket,
//! objects sent with flexible checksums (in a header from memory, in an `aws-chunked`
//! trailer from a file) and read back checked against the checksum moto stored, a listing,
//! and GetBucketLocation's unwrapped output.

use sdk_s3::primitives::ByteStream;

fn client() -> sdk_s3::Client {
    let moto = full_sdk_tests::moto::server();
    sdk_s3::Client::from_conf(
        sdk_s3::Config::builder()
            .region(sdk_s3::config::Region::new("us-east-1"))
            .endpoint_url(&moto.endpoint)
            .credentials_provider(sdk_s3::config::Credentials::new("testing", "testing", None, None, "moto"))
            .behavior_version(sdk_s3::config::BehaviorVersion::latest())
            .force_path_style(true)
            .build(),
    )
}

#[tokio::test]
async fn objects_go_up_and_come_back_with_their_checksums() {
    let client = client();
    client.create_bucket().bucket("checksummed-objects").send().await.expect("bucket created");
    let put = client
        .put_object()
        .bucket("checksummed-objects")
        .key("notes/hello.txt")
        .body(ByteStream::from_static(b"hello"))
        .send()
        .await
        .expect("put from memory");
    // CRC32 by default, as aws-sdk-s3 sends it; moto answers with the sum it computed.
    assert_eq!(put.checksum_crc32(), Some("NhCmhg=="));

    let data: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    let path = std::env::temp_dir().join(format!("s3-moto-upload-{}", std::process::id()));
    std::fs::write(&path, &data).expect("a temporary file");
    let body = ByteStream::from_path(&path).await.expect("the file opens");
    client
        .put_object()
        .bucket("checksummed-objects")
        .key("notes/big.bin")
        .body(body)
        .send()
        .await
        .expect("put from a file, aws-chunked with a trailer");
    let _ = std::fs::remove_file(&path);

    let hello = client.get_object().bucket("checksummed-objects").key("notes/hello.txt").send().await.expect("got");
    assert_eq!(hello.checksum_crc32(), Some("NhCmhg=="), "checksum mode is asked for, so the stored sum comes back");
    assert_eq!(&hello.body.collect().await.expect("checked and read").into_bytes()[..], b"hello");
    let big = client.get_object().bucket("checksummed-objects").key("notes/big.bin").send().await.expect("got");
    assert!(big.checksum_crc32().is_some(), "the trailer's sum was stored");
    assert!(big.body.collect().await.expect("checked and read").into_bytes() == data, "the same bytes");

    let listed = client.list_objects_v2().bucket("checksummed-objects").prefix("notes/").send().await.expect("listed");
    let keys: Vec<&str> = listed.contents().iter().filter_map(|o| o.key()).collect();
    assert_eq!(keys, ["notes/big.bin", "notes/hello.txt"]);
    let sizes: Vec<Option<i64>> = listed.contents().iter().map(|o| o.size()).collect();
    assert_eq!(sizes, [Some(300_000), Some(5)]);

    let location = client.get_bucket_location().bucket("checksummed-objects").send().await.expect("located");
    // us-east-1 is the empty location constraint.
    assert!(location.location_constraint().is_none_or(|c| c.as_str().is_empty()), "{location:?}");
}
