//! S3's endpoint auth schemes beyond SigV4, against aws-sdk-s3: SigV4a for multi-region
//! access points, and S3 Express sessions (`CreateSession`, then SigV4 with the session's
//! credentials) for directory buckets. Both clients send through the same recording
//! connector, which answers `?session` with session credentials; their requests must be
//! the same but for the signature and the time.

use aws_smithy_runtime_api::client::http::{HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// A request as sent: method, URI and headers (names in lower case).
#[derive(Clone, Debug, PartialEq)]
struct Sent {
    method: String,
    uri: String,
    headers: BTreeMap<String, String>,
}

const SESSION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CreateSessionResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
    <Credentials><SessionToken>SESSION-TOKEN</SessionToken><SecretAccessKey>SESSION-SECRET</SecretAccessKey>\
    <AccessKeyId>SESSION-AKID</AccessKeyId><Expiration>2100-01-01T00:00:00Z</Expiration></Credentials></CreateSessionResult>";

/// Records each request; answers `?session` with session credentials, anything else with
/// an empty 200.
#[derive(Clone, Debug, Default)]
struct Recorder(Arc<Mutex<Vec<Sent>>>);

impl HttpConnector for Recorder {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let headers = request.headers().iter().map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned())).collect();
        let uri = request.uri().to_owned();
        let session = uri.split_once('?').is_some_and(|(_, query)| query.split('&').any(|p| p == "session" || p.starts_with("session=")));
        self.0.lock().unwrap().push(Sent { method: request.method().to_owned(), uri, headers });
        let body = if session { SESSION } else { "" };
        HttpConnectorFuture::ready(Ok(HttpResponse::new(200.try_into().unwrap(), SdkBody::from(body))))
    }
}

impl HttpClient for Recorder {
    fn http_connector(&self, _: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

impl Recorder {
    fn sent(&self) -> Vec<Sent> {
        self.0.lock().unwrap().clone()
    }
}

/// `sent` without what differs by client or time: the SDK's own headers, the date, the
/// signature and the date in the credential scope.
fn comparable(sent: &[Sent]) -> Vec<Sent> {
    sent.iter()
        .map(|s| {
            let mut s = s.clone();
            s.headers.retain(|k, _| {
                !matches!(k.as_str(), "user-agent" | "x-amz-user-agent" | "amz-sdk-invocation-id" | "amz-sdk-request" | "x-amz-date")
            });
            if let Some(authorization) = s.headers.get_mut("authorization") {
                *authorization = without_date_and_signature(authorization);
            }
            s
        })
        .collect()
}

fn without_date_and_signature(authorization: &str) -> String {
    let unsigned = authorization.split(", Signature=").next().unwrap_or_default();
    unsigned
        .split('/')
        .map(|part| if part.len() == 8 && part.bytes().all(|b| b.is_ascii_digit()) { "DATE" } else { part })
        .collect::<Vec<_>>()
        .join("/")
}

fn official(recorder: &Recorder) -> aws_sdk_s3::Client {
    use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::Config::builder()
            .region(Region::new("us-west-2"))
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
            .http_client(recorder.clone())
            .behavior_version(BehaviorVersion::latest())
            .build(),
    )
}

fn generated(recorder: &Recorder) -> sdk_s3::Client {
    use sdk_s3::config::{BehaviorVersion, Credentials, Region};
    sdk_s3::Client::from_conf(
        sdk_s3::Config::builder()
            .region(Region::new("us-west-2"))
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
            .http_connector(recorder.clone())
            .behavior_version(BehaviorVersion::latest())
            .build(),
    )
}

const ACCESS_POINT: &str = "arn:aws:s3::123456789012:accesspoint:mfzwi23gnjvgw.mrap";

#[tokio::test]
async fn a_multi_region_access_point_is_signed_with_sigv4a_as_aws_sdk_s3_signs_it() {
    let (theirs, ours) = (Recorder::default(), Recorder::default());
    official(&theirs).get_object().bucket(ACCESS_POINT).key("photo.jpg").send().await.expect("aws-sdk-s3 sends");
    generated(&ours).get_object().bucket(ACCESS_POINT).key("photo.jpg").send().await.expect("the generated client sends");
    let sent = ours.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].uri, "https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/photo.jpg?x-id=GetObject");
    assert_eq!(sent[0].headers.get("x-amz-region-set").map(String::as_str), Some("*"));
    let authorization = &sent[0].headers["authorization"];
    assert!(authorization.starts_with("AWS4-ECDSA-P256-SHA256 Credential=AKID/"), "{authorization}");
    assert!(authorization.contains("/s3/aws4_request, SignedHeaders="), "no region in a SigV4a scope: {authorization}");
    assert_eq!(comparable(&sent), comparable(&theirs.sent()));
}

#[tokio::test]
async fn a_configured_sigv4a_region_set_replaces_the_endpoints_as_in_aws_sdk_s3() {
    let (theirs, ours) = (Recorder::default(), Recorder::default());
    let set = "us-west-2,us-east-1";
    let official = aws_sdk_s3::Client::from_conf(official(&theirs).config().to_builder().sigv4a_signing_region_set(set).build());
    let generated = sdk_s3::Client::from_conf(generated(&ours).config().to_builder().sigv4a_signing_region_set(set).build());
    assert_eq!(generated.config().sigv4a_signing_region_set().map(AsRef::as_ref), Some(set));
    official.get_object().bucket(ACCESS_POINT).key("photo.jpg").send().await.expect("aws-sdk-s3 sends");
    generated.get_object().bucket(ACCESS_POINT).key("photo.jpg").send().await.expect("the generated client sends");
    let sent = ours.sent();
    assert_eq!(sent[0].headers.get("x-amz-region-set").map(String::as_str), Some(set));
    assert_eq!(comparable(&sent), comparable(&theirs.sent()));
}

#[tokio::test]
async fn directory_buckets_are_signed_with_s3_express_sessions_as_aws_sdk_s3_signs_them() {
    let bucket = "mybucket--usw2-az1--x-s3";
    let other = "other--usw2-az1--x-s3";
    let (theirs, ours) = (Recorder::default(), Recorder::default());
    {
        let client = official(&theirs);
        client.put_object().bucket(bucket).key("a").body(b"hello".to_vec().into()).send().await.expect("aws-sdk-s3 puts");
        client.get_object().bucket(bucket).key("a").send().await.expect("aws-sdk-s3 gets");
        client.get_object().bucket(other).key("b").send().await.expect("aws-sdk-s3 gets");
    }
    {
        let client = generated(&ours);
        client.put_object().bucket(bucket).key("a").body(b"hello".to_vec().into()).send().await.expect("the generated client puts");
        client.get_object().bucket(bucket).key("a").send().await.expect("the generated client gets");
        client.get_object().bucket(other).key("b").send().await.expect("the generated client gets");
    }
    let sent = ours.sent();
    let uris: Vec<&str> = sent.iter().map(|s| s.uri.as_str()).collect();
    assert_eq!(
        uris,
        [
            "https://mybucket--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com/?session",
            "https://mybucket--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com/a?x-id=PutObject",
            "https://mybucket--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com/a?x-id=GetObject",
            "https://other--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com/?session",
            "https://other--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com/b?x-id=GetObject",
        ],
        "one session per bucket, reused"
    );
    let scope = |s: &Sent| without_date_and_signature(&s.headers["authorization"]);
    assert!(scope(&sent[0]).contains("Credential=AKID/DATE/us-west-2/s3express/aws4_request"), "{}", scope(&sent[0]));
    for data in [&sent[1], &sent[2]] {
        assert!(scope(data).contains("Credential=SESSION-AKID/DATE/us-west-2/s3express/aws4_request"), "{}", scope(data));
        assert!(scope(data).contains("x-amz-s3session-token"), "the token is signed: {}", scope(data));
        assert_eq!(data.headers.get("x-amz-s3session-token").map(String::as_str), Some("SESSION-TOKEN"));
        assert!(!data.headers.contains_key("x-amz-security-token"));
    }
    assert_eq!(comparable(&sent), comparable(&theirs.sent()));
}

#[tokio::test]
async fn a_failed_session_fails_the_call_and_names_the_bucket() {
    #[derive(Clone, Debug)]
    struct Refusing;
    impl HttpConnector for Refusing {
        fn call(&self, _: HttpRequest) -> HttpConnectorFuture {
            let body = "<Error><Code>AccessDenied</Code><Message>no session for you</Message></Error>";
            HttpConnectorFuture::ready(Ok(HttpResponse::new(403.try_into().unwrap(), SdkBody::from(body))))
        }
    }
    use sdk_s3::config::{BehaviorVersion, Credentials, Region};
    let client = sdk_s3::Client::from_conf(
        sdk_s3::Config::builder()
            .region(Region::new("us-west-2"))
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
            .http_connector(Refusing)
            .behavior_version(BehaviorVersion::latest())
            .build(),
    );
    let error = client.get_object().bucket("mybucket--usw2-az1--x-s3").key("a").send().await.expect_err("no session");
    let text = sdk_s3::error::DisplayErrorContext(&error).to_string();
    assert!(text.contains("could not open an S3 Express session for the bucket mybucket--usw2-az1--x-s3"), "{text}");
    assert!(text.contains("AccessDenied"), "{text}");
}
