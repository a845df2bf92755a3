//! STS exchanges a web identity token for credentials, so the caller has none to sign
//! with: like aws-sdk-sts, the generated client sends `AssumeRoleWithWebIdentity` unsigned
//! (a customization keyed by the service), and still signs the other operations.

use full_sdk_tests::capture::serve;
use sdk_sts::config::{BehaviorVersion, Credentials, Region};

const ASSUMED: &str = "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>AKID</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>";

#[tokio::test]
async fn web_identity_is_sent_unsigned_without_credentials() {
    let server = serve(vec![(200, ASSUMED.to_owned())]).await;
    let config = sdk_sts::Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url(&server.endpoint)
        .behavior_version(BehaviorVersion::latest())
        .build();
    let client = sdk_sts::Client::from_conf(config);
    let output = client
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/web")
        .role_session_name("s")
        .web_identity_token("token")
        .send()
        .await
        .expect("sent without credentials");
    assert_eq!(output.credentials().map(|c| c.access_key_id()), Some("AKID"));
    let sent = &server.captured()[0];
    assert_eq!(sent.header("authorization"), None, "{}", sent.head);
    let agent = sent.header("x-amz-user-agent").expect("a user agent");
    assert!(agent.contains("api/sts/"), "{agent}");

    // Other operations still need credentials, and are signed with them.
    let error = client.get_caller_identity().send().await.expect_err("no credentials");
    assert!(format!("{error:?}").contains("no credentials provider"), "{error:?}");
    let signed = sdk_sts::Client::from_conf(
        client.config().to_builder().credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test")).build(),
    );
    let _ = signed.get_caller_identity().send().await;
    let sent = server.captured();
    assert!(sent.last().and_then(|r| r.header("authorization")).is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256")));
}
