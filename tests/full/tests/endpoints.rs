//! Endpoints as the rules in the official models resolve them, through the public client
//! API: the request a call sends is recorded by a connector that answers every request
//! with an empty 200 (the tests look at where requests go and how they are signed).

use aws_smithy_runtime_api::client::http::{HttpConnector, HttpConnectorFuture};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_types::body::SdkBody;
use std::sync::{Arc, Mutex};

/// A request as recorded: its URI and headers.
type Sent = (String, Vec<(String, String)>);

/// Records the URI and headers of each request.
#[derive(Clone, Debug, Default)]
struct Recorder(Arc<Mutex<Vec<Sent>>>);

impl HttpConnector for Recorder {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let headers = request.headers().iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
        self.0.lock().unwrap().push((request.uri().to_owned(), headers));
        HttpConnectorFuture::ready(Ok(HttpResponse::new(200.try_into().unwrap(), SdkBody::from(""))))
    }
}

impl Recorder {
    fn last_uri(&self) -> String {
        self.0.lock().unwrap().last().map(|(uri, _)| uri.clone()).expect("a request was sent")
    }
    /// The credential scope of the last request's signature: `{date}/{region}/{service}/aws4_request`.
    fn last_scope(&self) -> String {
        let sent = self.0.lock().unwrap();
        let (_, headers) = sent.last().expect("a request was sent");
        let authorization = headers.iter().find(|(k, _)| k == "authorization").map(|(_, v)| v.clone()).expect("signed");
        let credential = authorization.split("Credential=").nth(1).and_then(|c| c.split(',').next()).expect("a credential");
        credential.split_once('/').map(|(_, scope)| scope.to_owned()).expect("a scope")
    }
}

/// What `aws_config` would load: a region and credentials.
fn sdk_config(region: &str) -> aws_types::SdkConfig {
    aws_types::SdkConfig::builder()
        .region(aws_types::region::Region::new(region.to_owned()))
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(aws_credential_types::Credentials::new(
            "AKID", "SECRET", None, None, "test",
        )))
        .behavior_version(aws_smithy_runtime_api::client::behavior_version::BehaviorVersion::latest())
        .build()
}

#[tokio::test]
async fn iam_is_global_and_signed_for_us_east_1() {
    let recorder = Recorder::default();
    let config = sdk_iam::Config::new(&sdk_config("eu-west-3")).to_builder().http_connector(recorder.clone()).build();
    let _ = sdk_iam::Client::from_conf(config).list_users().send().await;
    assert_eq!(recorder.last_uri(), "https://iam.amazonaws.com/");
    assert!(recorder.last_scope().ends_with("/us-east-1/iam/aws4_request"), "{}", recorder.last_scope());
}

#[tokio::test]
async fn rds_in_china_uses_the_china_partition() {
    let recorder = Recorder::default();
    let config = sdk_rds::Config::new(&sdk_config("cn-north-1")).to_builder().http_connector(recorder.clone()).build();
    let _ = sdk_rds::Client::from_conf(config).describe_db_instances().send().await;
    assert_eq!(recorder.last_uri(), "https://rds.cn-north-1.amazonaws.com.cn/");
    assert!(recorder.last_scope().ends_with("/cn-north-1/rds/aws4_request"), "{}", recorder.last_scope());
}

#[tokio::test]
async fn fips_and_dual_stack_from_sdk_config_reach_the_rules() {
    let recorder = Recorder::default();
    let fips = sdk_config("us-east-1").into_builder().use_fips(true).build();
    let config = sdk_rds::Config::new(&fips).to_builder().http_connector(recorder.clone()).build();
    let _ = sdk_rds::Client::from_conf(config).describe_db_instances().send().await;
    assert_eq!(recorder.last_uri(), "https://rds-fips.us-east-1.amazonaws.com/");

    let dual = sdk_config("us-east-1").into_builder().use_dual_stack(true).build();
    let config = sdk_dynamodb::Config::new(&dual).to_builder().http_connector(recorder.clone()).build();
    let _ = sdk_dynamodb::Client::from_conf(config).list_tables().send().await;
    assert_eq!(recorder.last_uri(), "https://dynamodb.us-east-1.api.aws/");
}

#[tokio::test]
async fn an_endpoint_url_still_wins_and_rules_can_refuse_it() {
    let recorder = Recorder::default();
    let base = sdk_config("us-west-2");
    let config = sdk_sqs::Config::new(&base).to_builder().endpoint_url("http://localhost:4566").http_connector(recorder.clone()).build();
    let _ = sdk_sqs::Client::from_conf(config).list_queues().send().await;
    assert_eq!(recorder.last_uri(), "http://localhost:4566/");

    // RDS's rules refuse a custom endpoint together with FIPS, as aws-sdk-rds does.
    let config = sdk_rds::Config::new(&base)
        .to_builder()
        .endpoint_url("http://localhost:4566")
        .use_fips(true)
        .http_connector(recorder.clone())
        .build();
    let error = sdk_rds::Client::from_conf(config).describe_db_instances().send().await.expect_err("refused");
    let text = format!("{}", aws_smithy_types::error::display::DisplayErrorContext(&error));
    assert!(text.contains("FIPS and custom endpoint are not supported"), "{text}");
}

#[tokio::test]
async fn params_and_the_default_resolver_as_aws_sdk_has_them() {
    use sdk_rds::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
    let params = Params::builder().region("us-gov-west-1").use_fips(true).build().expect("valid");
    assert_eq!(params.use_dual_stack(), Some(false), "defaults apply");
    let endpoint = DefaultResolver::new().resolve_endpoint(&params).await.expect("resolves");
    assert_eq!(endpoint.url(), "https://rds.us-gov-west-1.amazonaws.com");
    let invalid = Params::builder().region("not a host").build().expect_err("invalid region");
    assert_eq!(invalid.to_string(), "invalid value for field: `region` - must be a valid host label");
    let missing = Params::builder().build().expect("no region is a valid set of parameters");
    let error = DefaultResolver::new().resolve_endpoint(&missing).await.expect_err("no region");
    assert_eq!(error.to_string(), "Invalid Configuration: Missing Region");
}

/// Sends every request to one URL, whatever the parameters.
#[derive(Debug)]
struct Fixed;
impl sdk_kms::config::endpoint::ResolveEndpoint for Fixed {
    fn resolve_endpoint<'a>(&'a self, params: &'a sdk_kms::config::endpoint::Params) -> sdk_kms::config::endpoint::EndpointFuture<'a> {
        let url = format!("https://kms.example/{}", params.region().unwrap_or("none"));
        sdk_kms::config::endpoint::EndpointFuture::ready(Ok(sdk_kms::config::endpoint::Endpoint::builder().url(url).build()))
    }
}

#[tokio::test]
async fn a_custom_resolver_replaces_the_rules() {
    let recorder = Recorder::default();
    let config =
        sdk_kms::Config::new(&sdk_config("ap-south-1")).to_builder().endpoint_resolver(Fixed).http_connector(recorder.clone()).build();
    let _ = sdk_kms::Client::from_conf(config).list_keys().send().await;
    assert_eq!(recorder.last_uri(), "https://kms.example/ap-south-1/");
}

/// Sends every request to one URL, to be signed for another region and name: with the
/// auth scheme typed, as the rules give it, or as the `authSchemes` property older
/// resolvers give.
#[derive(Debug)]
struct SignedElsewhere {
    typed: bool,
}
impl sdk_kms::config::endpoint::ResolveEndpoint for SignedElsewhere {
    fn resolve_endpoint<'a>(&'a self, _: &'a sdk_kms::config::endpoint::Params) -> sdk_kms::config::endpoint::EndpointFuture<'a> {
        use aws_smithy_types::endpoint::EndpointAuthScheme;
        use aws_smithy_types::Document;
        let endpoint = sdk_kms::config::endpoint::Endpoint::builder().url("https://kms.example");
        let endpoint = if self.typed {
            endpoint.auth_scheme(
                EndpointAuthScheme::with_capacity("sigv4", 2).put("signingName", "custom").put("signingRegion", "eu-central-1"),
            )
        } else {
            let scheme = [("name", "sigv4"), ("signingName", "custom"), ("signingRegion", "eu-central-1")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), Document::String(v.to_owned())))
                .collect();
            endpoint.property("authSchemes", Document::Array(vec![Document::Object(scheme)]))
        };
        sdk_kms::config::endpoint::EndpointFuture::ready(Ok(endpoint.build()))
    }
}

#[tokio::test]
async fn auth_schemes_sign_typed_or_as_a_property() {
    for typed in [true, false] {
        let recorder = Recorder::default();
        let config = sdk_kms::Config::new(&sdk_config("ap-south-1"))
            .to_builder()
            .endpoint_resolver(SignedElsewhere { typed })
            .http_connector(recorder.clone())
            .build();
        let _ = sdk_kms::Client::from_conf(config).list_keys().send().await;
        assert!(recorder.last_scope().ends_with("/eu-central-1/custom/aws4_request"), "typed {typed}: {}", recorder.last_scope());
    }
}
