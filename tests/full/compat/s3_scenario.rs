// A session of S3 calls written against aws-sdk-s3, in path style. `tests/rest_wire.rs`
// compiles it twice, with `s3` naming aws-sdk-s3 and the generated crate, and compares what
// each client sends and what each makes of the same responses.

use s3::config::retry::RetryConfig;
use s3::config::{BehaviorVersion, Credentials, Region};
use s3::error::{DisplayErrorContext, SdkError};
use s3::primitives::ByteStream;
use s3::types::{
    BucketVersioningStatus, CompletedMultipartUpload, CompletedPart, Delete, ObjectIdentifier, Tag, Tagging, VersioningConfiguration,
};

pub fn client(endpoint: &str) -> s3::Client {
    s3::Client::from_conf(
        s3::Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "compat"))
            .retry_config(RetryConfig::disabled())
            .behavior_version(BehaviorVersion::latest())
            .force_path_style(true)
            .build(),
    )
}

fn show<O, E>(result: Result<O, SdkError<E>>) -> String
where
    O: std::fmt::Debug,
    E: std::fmt::Debug + std::error::Error + s3::error::ProvideErrorMetadata + Send + Sync + 'static,
{
    match result {
        Ok(output) => format!("ok {output:?}"),
        Err(SdkError::ServiceError(context)) => {
            let err = context.err();
            format!("service error {err:?} (code {:?})", s3::error::ProvideErrorMetadata::code(err))
        }
        Err(other) => format!("failure {}", DisplayErrorContext(&other)),
    }
}

fn tags(key: &str, value: &str) -> Tagging {
    Tagging::builder().tag_set(Tag::builder().key(key).value(value).build().unwrap()).build().unwrap()
}

/// Runs the session; returns what the client made of each response.
pub async fn run(client: &s3::Client) -> Vec<String> {
    let mut log = Vec::new();
    let bucket = "compat-bucket";
    log.push(show(client.create_bucket().bucket(bucket).send().await));
    log.push(show(client.head_bucket().bucket(bucket).send().await));
    log.push(show(client.get_bucket_location().bucket(bucket).send().await));
    let versioning = VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build();
    log.push(show(client.put_bucket_versioning().bucket(bucket).versioning_configuration(versioning).send().await));
    log.push(show(client.get_bucket_versioning().bucket(bucket).send().await));
    log.push(show(client.put_bucket_tagging().bucket(bucket).tagging(tags("team", "data")).send().await));
    log.push(show(client.get_bucket_tagging().bucket(bucket).send().await));
    log.push(show(
        client
            .put_object()
            .bucket(bucket)
            .key("notes/hello.txt")
            .content_type("text/plain")
            .metadata("owner", "compat")
            .body(ByteStream::from_static(b"hello"))
            .send()
            .await,
    ));
    log.push(show(client.head_object().bucket(bucket).key("notes/hello.txt").send().await));
    match client.get_object().bucket(bucket).key("notes/hello.txt").send().await {
        Ok(output) => {
            let fields = format!("{:?} {:?} {:?} {:?}", output.e_tag(), output.content_length(), output.content_type(), output.metadata());
            let body = output.body.collect().await.map(|b| b.into_bytes().to_vec());
            log.push(format!("got {fields} {body:?}"));
        }
        Err(e) => log.push(format!("failure {}", DisplayErrorContext(&e))),
    }
    log.push(show(client.copy_object().bucket(bucket).key("notes/copy.txt").copy_source(format!("{bucket}/notes/hello.txt")).send().await));
    log.push(show(client.put_object_tagging().bucket(bucket).key("notes/copy.txt").tagging(tags("tier", "cold")).send().await));
    log.push(show(client.get_object_tagging().bucket(bucket).key("notes/copy.txt").send().await));
    log.push(show(client.delete_object_tagging().bucket(bucket).key("notes/copy.txt").send().await));
    log.push(show(client.list_objects_v2().bucket(bucket).prefix("notes/").max_keys(10).send().await));
    log.push(show(client.list_objects().bucket(bucket).prefix("notes/").send().await));
    log.push(show(client.list_object_versions().bucket(bucket).prefix("notes/").send().await));
    let upload = client.create_multipart_upload().bucket(bucket).key("big.bin").send().await;
    let upload_id = upload.as_ref().ok().and_then(|u| u.upload_id()).unwrap_or("missing").to_owned();
    log.push(show(upload));
    let part = client
        .upload_part()
        .bucket(bucket)
        .key("big.bin")
        .upload_id(&upload_id)
        .part_number(1)
        .body(ByteStream::from(vec![7u8; 1024]))
        .send()
        .await;
    let e_tag = part.as_ref().ok().and_then(|p| p.e_tag()).map(str::to_owned);
    log.push(show(part));
    log.push(show(client.list_parts().bucket(bucket).key("big.bin").upload_id(&upload_id).send().await));
    let completed = CompletedMultipartUpload::builder().parts(CompletedPart::builder().part_number(1).set_e_tag(e_tag).build()).build();
    log.push(show(
        client.complete_multipart_upload().bucket(bucket).key("big.bin").upload_id(&upload_id).multipart_upload(completed).send().await,
    ));
    let dropped = client.create_multipart_upload().bucket(bucket).key("dropped.bin").send().await;
    let dropped_id = dropped.as_ref().ok().and_then(|u| u.upload_id()).unwrap_or("missing").to_owned();
    log.push(show(dropped));
    log.push(show(client.list_multipart_uploads().bucket(bucket).send().await));
    log.push(show(client.abort_multipart_upload().bucket(bucket).key("dropped.bin").upload_id(&dropped_id).send().await));
    let objects = ["notes/hello.txt", "notes/copy.txt"].map(|k| ObjectIdentifier::builder().key(k).build().unwrap());
    log.push(show(
        client.delete_objects().bucket(bucket).delete(Delete::builder().set_objects(Some(objects.to_vec())).build().unwrap()).send().await,
    ));
    log.push(show(client.delete_object().bucket(bucket).key("big.bin").send().await));
    log.push(show(client.delete_bucket_tagging().bucket(bucket).send().await));
    log.push(show(client.head_object().bucket(bucket).key("missing.txt").send().await));
    log.push(show(client.get_object_tagging().bucket("no-such-bucket-anywhere").key("x").send().await));
    log.push(show(client.list_buckets().send().await));
    log
}
