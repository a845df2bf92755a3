//! The crate generated from the official S3 model against moto, in path style: a bucket,
//! objects sent with flexible checksums (in a header from memory, in an `aws-chunked`
//! trailer from a file) and read back checked against the checksum moto stored, a listing,
//! and GetBucketLocation's unwrapped output.

use sdk_s3::primitives::ByteStream;

fn client() -> sdk_s3::Client {
    full_sdk_tests::s3_path_style(&full_sdk_tests::moto::server().endpoint)
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

#[tokio::test]
async fn buckets_listings_copies_tags_versions_and_multipart_uploads() {
    use sdk_s3::operation::head_object::HeadObjectError;
    use sdk_s3::types::{
        BucketLocationConstraint, BucketVersioningStatus, CompletedMultipartUpload, CompletedPart, CreateBucketConfiguration, Delete,
        ObjectIdentifier, Tag, Tagging, VersioningConfiguration,
    };
    let client = client();
    let bucket = "listed-objects";
    let location = CreateBucketConfiguration::builder().location_constraint(BucketLocationConstraint::EuWest1).build();
    client.create_bucket().bucket(bucket).create_bucket_configuration(location).send().await.expect("bucket in eu-west-1");
    let located = client.get_bucket_location().bucket(bucket).send().await.expect("located");
    assert_eq!(located.location_constraint(), Some(&BucketLocationConstraint::EuWest1), "the unwrapped output");

    // 1,050 keys listed 100 at a time through the paginator: 11 pages.
    for i in 0..1_050 {
        client.put_object().bucket(bucket).key(format!("rows/{i:04}")).body(ByteStream::from_static(b"x")).send().await.expect("put");
    }
    let mut pages = client.list_objects_v2().bucket(bucket).prefix("rows/").max_keys(100).into_paginator().send();
    let (mut count, mut keys) = (0, 0);
    while let Some(page) = pages.next().await {
        let page = page.expect("a page");
        count += 1;
        keys += page.contents().len();
    }
    assert_eq!((count, keys), (11, 1_050));

    let missing = client.head_object().bucket(bucket).key("rows/9999").send().await.expect_err("no such key");
    assert!(matches!(missing.as_service_error(), Some(HeadObjectError::NotFound(_))), "{missing:?}");

    client.copy_object().bucket(bucket).key("copies/0001").copy_source(format!("{bucket}/rows/0001")).send().await.expect("copied");
    let head = client.head_object().bucket(bucket).key("copies/0001").send().await.expect("the copy exists");
    assert_eq!(head.content_length(), Some(1));

    let tags = Tagging::builder().tag_set(Tag::builder().key("tier").value("cold").build().expect("tag")).build().expect("tagging");
    client.put_object_tagging().bucket(bucket).key("copies/0001").tagging(tags).send().await.expect("tagged");
    let read = client.get_object_tagging().bucket(bucket).key("copies/0001").send().await.expect("tags read");
    assert_eq!(read.tag_set().iter().map(|t| (t.key(), t.value())).collect::<Vec<_>>(), [("tier", "cold")]);

    let objects = ["rows/0000", "rows/0001", "copies/0001"].map(|k| ObjectIdentifier::builder().key(k).build().expect("id"));
    let delete = Delete::builder().set_objects(Some(objects.to_vec())).quiet(false).build().expect("delete");
    let deleted = client.delete_objects().bucket(bucket).delete(delete).send().await.expect("deleted");
    assert_eq!(deleted.deleted().len(), 3);

    let versioning = VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build();
    client.put_bucket_versioning().bucket(bucket).versioning_configuration(versioning).send().await.expect("versioned");
    for body in [&b"one"[..], b"two"] {
        client.put_object().bucket(bucket).key("doc").body(ByteStream::from_static(body)).send().await.expect("a version");
    }
    let versions = client.list_object_versions().bucket(bucket).prefix("doc").send().await.expect("versions listed");
    assert_eq!(versions.versions().len(), 2);

    // Three parts, then an upload that is aborted.
    let upload = client.create_multipart_upload().bucket(bucket).key("big").send().await.expect("started");
    let upload_id = upload.upload_id().expect("an upload id").to_owned();
    let mut parts = Vec::new();
    for number in 1..=3 {
        let size = if number < 3 { 5 * 1024 * 1024 } else { 1024 };
        let part = client
            .upload_part()
            .bucket(bucket)
            .key("big")
            .upload_id(&upload_id)
            .part_number(number)
            .body(ByteStream::from(vec![number as u8; size]))
            .send()
            .await
            .expect("a part");
        parts.push(CompletedPart::builder().part_number(number).set_e_tag(part.e_tag().map(str::to_owned)).build());
    }
    let completed = CompletedMultipartUpload::builder().set_parts(Some(parts)).build();
    client
        .complete_multipart_upload()
        .bucket(bucket)
        .key("big")
        .upload_id(&upload_id)
        .multipart_upload(completed)
        .send()
        .await
        .expect("completed");
    let big = client.head_object().bucket(bucket).key("big").send().await.expect("the object");
    assert_eq!(big.content_length(), Some(2 * 5 * 1024 * 1024 + 1024));
    let aborted = client.create_multipart_upload().bucket(bucket).key("dropped").send().await.expect("started");
    client
        .abort_multipart_upload()
        .bucket(bucket)
        .key("dropped")
        .upload_id(aborted.upload_id().expect("an upload id"))
        .send()
        .await
        .expect("aborted");
    let uploads = client.list_multipart_uploads().bucket(bucket).send().await.expect("listed");
    assert!(uploads.uploads().is_empty(), "{uploads:?}");
}

#[tokio::test]
async fn select_object_content_streams_records_stats_and_end() {
    use sdk_s3::types::{
        CsvInput, CsvOutput, ExpressionType, FileHeaderInfo, InputSerialization, OutputSerialization, SelectObjectContentEventStream,
    };
    let client = client();
    client.create_bucket().bucket("selected").send().await.expect("bucket created");
    let csv = "name,city\nana,lisbon\nbo,oslo\ncy,lisbon\n";
    client.put_object().bucket("selected").key("people.csv").body(ByteStream::from_static(csv.as_bytes())).send().await.expect("put");
    let mut output = client
        .select_object_content()
        .bucket("selected")
        .key("people.csv")
        // moto's SQL parser answers a WHERE clause with a 500; the stream is the point here.
        .expression("SELECT * FROM S3Object")
        .expression_type(ExpressionType::Sql)
        .input_serialization(InputSerialization::builder().csv(CsvInput::builder().file_header_info(FileHeaderInfo::Use).build()).build())
        .output_serialization(OutputSerialization::builder().csv(CsvOutput::builder().build()).build())
        .send()
        .await
        .expect("the selection starts");
    let (mut records, mut stats, mut ended) = (Vec::new(), None, false);
    while let Some(event) = output.payload.recv().await.expect("events") {
        match event {
            SelectObjectContentEventStream::Records(r) => records.extend_from_slice(r.payload().map(|p| p.as_ref()).unwrap_or_default()),
            SelectObjectContentEventStream::Stats(s) => stats = s.details().cloned(),
            SelectObjectContentEventStream::End(_) => ended = true,
            other => panic!("unexpected {other:?}"),
        }
    }
    let records = String::from_utf8(records).expect("CSV text");
    assert!(["ana,lisbon", "bo,oslo", "cy,lisbon"].iter().all(|row| records.contains(row)), "{records:?}");
    let stats = stats.expect("a Stats event");
    assert_eq!(stats.bytes_returned(), Some(records.len() as i64), "the stats (an XML payload) are read");
    assert!(stats.bytes_scanned().is_some_and(|n| n > 0));
    assert!(ended, "the stream ends with End");
}
