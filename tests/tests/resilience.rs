//! Retries, timeouts and broken responses, against a loopback server that misbehaves on
//! purpose: attempt counts, the bounds of the delays between attempts, and the errors.

use sdk_rds::config::{BehaviorVersion, Credentials, Region, RetryConfig, TimeoutConfig};
use sdk_rds::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use sdk_rds::{Client, Config};
use sdk_tests::faults::{serve_faults, Fault};
use std::time::{Duration, Instant};

const OK: &str = "<DescribeExportTasksResponse><DescribeExportTasksResult/><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeExportTasksResponse>";
const SECRET: &str = "wJalrXUtnFEMI-LEAK-CHECK-SECRET";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzE-LEAK-CHECK-TOKEN";

fn throttling() -> String {
    "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>t</RequestId></ErrorResponse>".into()
}

fn config(endpoint: &str, retry: RetryConfig, timeouts: Option<TimeoutConfig>) -> Config {
    let mut builder = Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("AKIDEXAMPLE", SECRET, Some(SESSION_TOKEN.into()), None, "test"))
        .retry_config(retry)
        .behavior_version(BehaviorVersion::latest());
    if let Some(timeouts) = timeouts {
        builder = builder.timeout_config(timeouts);
    }
    builder.build()
}

/// Standard retries with a short base delay, so that a test waits milliseconds.
fn quick_retries(max_attempts: u32) -> RetryConfig {
    RetryConfig::standard().with_max_attempts(max_attempts).with_initial_backoff(Duration::from_millis(40))
}

/// What a leak check looks for in everything a failed call can show.
fn assert_no_secrets(text: &str) {
    assert!(!text.contains(SECRET) && !text.contains(SESSION_TOKEN), "a secret leaked into: {text}");
}

fn shown<E: std::error::Error + 'static>(error: &SdkError<E>) -> String {
    format!("{error:?}\n{error}\n{}", DisplayErrorContext(error))
}

#[tokio::test]
async fn unavailable_twice_then_success_takes_three_attempts_within_the_backoff_caps() {
    let server =
        serve_faults(vec![Fault::Respond(503, String::new()), Fault::Respond(503, String::new()), Fault::Respond(200, OK.into())]).await;
    let client = Client::from_conf(config(&server.endpoint, quick_retries(3), None));
    client.describe_export_tasks().send().await.unwrap_or_else(|e| panic!("{}", DisplayErrorContext(&e)));
    assert_eq!(server.attempts(), 3);
    // Full jitter: the n-th retry waits up to 40 ms * 2^(n-1); the slack is scheduling.
    let gaps = server.gaps();
    let slack = Duration::from_millis(150);
    assert!(gaps[0] <= Duration::from_millis(40) + slack, "first retry after {:?}", gaps[0]);
    assert!(gaps[1] <= Duration::from_millis(80) + slack, "second retry after {:?}", gaps[1]);
}

#[tokio::test]
async fn the_backoff_is_capped_by_max_backoff_and_never_negative() {
    // A base of 2 s capped at 50 ms: every wait is at most 50 ms.
    let retry = RetryConfig::standard()
        .with_max_attempts(4)
        .with_initial_backoff(Duration::from_secs(2))
        .with_max_backoff(Duration::from_millis(50));
    let server = serve_faults(vec![Fault::Respond(503, String::new())]).await;
    let client = Client::from_conf(config(&server.endpoint, retry, None));
    let started = Instant::now();
    let error = client.describe_export_tasks().send().await.expect_err("always unavailable");
    assert_eq!(server.attempts(), 4);
    assert!(started.elapsed() < Duration::from_secs(1), "took {:?}", started.elapsed());
    for gap in server.gaps() {
        assert!(gap <= Duration::from_millis(200), "a retry waited {gap:?}");
    }
    let SdkError::ServiceError(context) = &error else { panic!("expected a service error, got {}", shown(&error)) };
    assert_eq!(context.raw().status().as_u16(), 503);
    assert_no_secrets(&shown(&error));
}

#[tokio::test]
async fn throttling_errors_are_retried() {
    let server =
        serve_faults(vec![Fault::Respond(400, throttling()), Fault::Respond(400, throttling()), Fault::Respond(200, OK.into())]).await;
    let client = Client::from_conf(config(&server.endpoint, quick_retries(3), None));
    client.describe_export_tasks().send().await.unwrap_or_else(|e| panic!("{}", DisplayErrorContext(&e)));
    assert_eq!(server.attempts(), 3);
}

#[tokio::test]
async fn throttling_past_max_attempts_returns_the_throttling_error() {
    let server = serve_faults(vec![Fault::Respond(400, throttling())]).await;
    let client = Client::from_conf(config(&server.endpoint, quick_retries(2), None));
    let error = client.describe_export_tasks().send().await.expect_err("always throttled");
    assert_eq!(server.attempts(), 2);
    let service_error = error.into_service_error();
    assert_eq!(service_error.code(), Some("Throttling"));
    assert_eq!(service_error.message(), Some("Rate exceeded"));
}

#[tokio::test]
async fn modeled_and_client_errors_are_not_retried() {
    let body = "<ErrorResponse><Error><Code>ExportTaskNotFound</Code><Message>no such task</Message></Error></ErrorResponse>";
    let server = serve_faults(vec![Fault::Respond(404, body.into())]).await;
    let client = Client::from_conf(config(&server.endpoint, quick_retries(3), None));
    let error = client.describe_export_tasks().send().await.expect_err("not found");
    assert_eq!(server.attempts(), 1);
    assert_eq!(error.into_service_error().code(), Some("ExportTaskNotFound"));
}

#[tokio::test]
async fn max_attempts_and_timeouts_come_from_sdk_config() {
    let server = serve_faults(vec![Fault::Respond(503, String::new())]).await;
    let sdk_config = aws_types::SdkConfig::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url(&server.endpoint)
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(Credentials::new(
            "AKID", SECRET, None, None, "test",
        )))
        .retry_config(quick_retries(5).with_max_backoff(Duration::from_millis(20)))
        .timeout_config(TimeoutConfig::builder().operation_timeout(Duration::from_secs(20)).build())
        .behavior_version(BehaviorVersion::latest())
        .build();
    let client = Client::new(&sdk_config);
    client.describe_export_tasks().send().await.expect_err("always unavailable");
    assert_eq!(server.attempts(), 5);
}

/// Service settings as aws-config loads them from the environment and the profile: here,
/// `AWS_ENDPOINT_URL_RDS`.
#[derive(Debug)]
struct ServiceSettings(String);

impl aws_types::service_config::LoadServiceConfig for ServiceSettings {
    fn load_config(&self, key: aws_types::service_config::ServiceConfigKey<'_>) -> Option<String> {
        let asked = (key.service_id(), key.env(), key.profile());
        (asked == ("RDS", "AWS_ENDPOINT_URL", "endpoint_url")).then(|| self.0.clone())
    }
}

#[tokio::test]
async fn the_services_own_endpoint_url_wins_over_the_global_one_unless_set_in_code() {
    let server = serve_faults(vec![Fault::Respond(404, String::new())]).await;
    let shared = |origin: Option<aws_types::origin::Origin>| {
        let mut builder = aws_types::SdkConfig::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url("http://127.0.0.1:9/global")
            .service_config(ServiceSettings(server.endpoint.clone()))
            .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(Credentials::new(
                "AKID", SECRET, None, None, "test",
            )))
            .behavior_version(BehaviorVersion::latest());
        if let Some(origin) = origin {
            builder.insert_origin("endpoint_url", origin);
        }
        builder.build()
    };
    // Loaded from the environment (no origin in code): the service's own URL.
    let client = Client::new(&shared(None));
    assert_eq!(client.config().endpoint_url(), Some(server.endpoint.as_str()));
    client.describe_export_tasks().send().await.expect_err("the server answers 404");
    assert_eq!(server.attempts(), 1, "sent to the service's endpoint");
    // Set on the SdkConfig in code: that one.
    let client = Client::new(&shared(Some(aws_types::origin::Origin::shared_config())));
    assert_eq!(client.config().endpoint_url(), Some("http://127.0.0.1:9/global"));
}

#[tokio::test]
async fn connection_resets_are_retried_then_reported_as_dispatch_failures() {
    let server = serve_faults(vec![Fault::Reset]).await;
    let client = Client::from_conf(config(&server.endpoint, quick_retries(3), None));
    let error = client.describe_export_tasks().send().await.expect_err("always reset");
    assert_eq!(server.attempts(), 3);
    assert!(matches!(error, SdkError::DispatchFailure(_)), "expected a dispatch failure, got {}", shown(&error));
    assert_no_secrets(&shown(&error));
}

#[tokio::test]
async fn a_reset_then_success_succeeds() {
    let server = serve_faults(vec![Fault::Reset, Fault::Respond(200, OK.into())]).await;
    let client = Client::from_conf(config(&server.endpoint, quick_retries(3), None));
    client.describe_export_tasks().send().await.unwrap_or_else(|e| panic!("{}", DisplayErrorContext(&e)));
    assert_eq!(server.attempts(), 2);
}

#[tokio::test]
async fn a_stalled_attempt_times_out_and_is_retried() {
    let server = serve_faults(vec![Fault::Stall(Duration::from_secs(5), OK.into()), Fault::Respond(200, OK.into())]).await;
    let timeouts = TimeoutConfig::builder().operation_attempt_timeout(Duration::from_millis(300)).build();
    let client = Client::from_conf(config(&server.endpoint, quick_retries(3), Some(timeouts)));
    let started = Instant::now();
    client.describe_export_tasks().send().await.unwrap_or_else(|e| panic!("{}", DisplayErrorContext(&e)));
    assert_eq!(server.attempts(), 2);
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn the_operation_timeout_bounds_the_whole_call() {
    let server = serve_faults(vec![Fault::Stall(Duration::from_secs(10), OK.into())]).await;
    let timeouts = TimeoutConfig::builder().operation_timeout(Duration::from_millis(400)).build();
    let client = Client::from_conf(config(&server.endpoint, quick_retries(3), Some(timeouts)));
    let started = Instant::now();
    let error = client.describe_export_tasks().send().await.expect_err("stalled");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(400) && elapsed < Duration::from_secs(2), "took {elapsed:?}");
    assert!(matches!(error, SdkError::TimeoutError(_)), "expected a timeout, got {}", shown(&error));
    assert_eq!(server.attempts(), 1);
}

#[tokio::test]
async fn a_read_timeout_ends_an_attempt_that_stalls() {
    let server = serve_faults(vec![Fault::Stall(Duration::from_secs(10), OK.into())]).await;
    let timeouts = TimeoutConfig::builder().read_timeout(Duration::from_millis(200)).build();
    let client = Client::from_conf(config(&server.endpoint, quick_retries(2), Some(timeouts)));
    let started = Instant::now();
    let error = client.describe_export_tasks().send().await.expect_err("stalled");
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    assert_eq!(server.attempts(), 2);
    assert!(matches!(error, SdkError::DispatchFailure(_) | SdkError::TimeoutError(_)), "got {}", shown(&error));
}

#[tokio::test]
async fn truncated_bodies_are_retried_then_reported() {
    let server = serve_faults(vec![Fault::Truncated(200, OK.into())]).await;
    let client = Client::from_conf(config(&server.endpoint, quick_retries(3), None));
    let error = client.describe_export_tasks().send().await.expect_err("always truncated");
    assert_eq!(server.attempts(), 3);
    assert!(matches!(error, SdkError::DispatchFailure(_)), "expected a dispatch failure, got {}", shown(&error));
}

#[tokio::test]
async fn garbage_responses_become_errors_that_say_what_was_wrong() {
    let cases: Vec<(Fault, &str)> = vec![
        (Fault::Raw(200, "text/html", b"<html><body>maintenance</body></html>".to_vec()), "expected a <DescribeExportTasksResponse> document"),
        (Fault::Raw(200, "text/xml", vec![0xff, 0xfe, 0x00, 0x3c]), "not UTF-8"),
        (Fault::Raw(200, "text/plain", b"ok".to_vec()), "not XML"),
        (Fault::Raw(200, "text/xml", b"<DescribeExportTasksResponse><DescribeExportTasksResult><ExportTasks><member>".to_vec()), "ends early"),
        (Fault::Raw(200, "text/xml", b"<DescribeExportTasksResponse><DescribeExportTasksResult><ExportTasks><ExportTask><PercentProgress>lots</PercentProgress></ExportTask></ExportTasks></DescribeExportTasksResult></DescribeExportTasksResponse>".to_vec()), "PercentProgress"),
        (Fault::Raw(400, "application/json", br#"{"message": "not xml"}"#.to_vec()), "unreadable error body"),
        (Fault::Raw(200, "text/xml", Vec::new()), ""),
    ];
    for (fault, says) in cases {
        let server = serve_faults(vec![fault.clone()]).await;
        let client = Client::from_conf(config(&server.endpoint, quick_retries(1), None));
        let result = client.describe_export_tasks().send().await;
        match result {
            // An empty body reads as an empty output, as Smithy's client error correction says.
            Ok(_) if says.is_empty() => {}
            Ok(output) => panic!("{fault:?} parsed as {output:?}"),
            Err(error) => {
                let text = shown(&error);
                assert!(text.contains(says), "{fault:?}: expected the error to say {says:?}, got {text}");
                assert_no_secrets(&text);
            }
        }
        assert_eq!(server.attempts(), 1);
    }
}

#[tokio::test]
async fn the_retry_quota_stops_retries_once_spent() {
    // 500 tokens, 5 per retry: 50 calls of 3 attempts spend them all; the next call
    // gets one attempt only.
    let server = serve_faults(vec![Fault::Respond(503, String::new())]).await;
    let retry = RetryConfig::standard().with_max_attempts(3).with_initial_backoff(Duration::from_millis(1));
    let client = Client::from_conf(config(&server.endpoint, retry, None));
    for _ in 0..50 {
        client.describe_export_tasks().send().await.expect_err("unavailable");
    }
    assert_eq!(server.attempts(), 150);
    client.describe_export_tasks().send().await.expect_err("unavailable");
    assert_eq!(server.attempts(), 151, "no retry once the quota is spent");
    // Another client has its own quota.
    let fresh = Client::from_conf(config(
        &server.endpoint,
        RetryConfig::standard().with_max_attempts(2).with_initial_backoff(Duration::from_millis(1)),
        None,
    ));
    fresh.describe_export_tasks().send().await.expect_err("unavailable");
    assert_eq!(server.attempts(), 153);
}

#[tokio::test]
async fn secrets_never_show_in_config_client_or_builders() {
    let client = Client::from_conf(config("http://127.0.0.1:9", quick_retries(1), None));
    let text = format!(
        "{:?}\n{:?}\n{:?}",
        client.config(),
        client,
        client.describe_export_tasks().source_type(sdk_rds::types::ExportSourceType::Snapshot)
    );
    assert_no_secrets(&text);
    // Nothing listens on port 9: a connection error, which must not show them either.
    let error = client.describe_export_tasks().send().await.expect_err("nothing listens");
    assert!(matches!(error, SdkError::DispatchFailure(_)), "got {}", shown(&error));
    assert_no_secrets(&shown(&error));
}

#[tokio::test]
async fn a_connect_timeout_ends_an_attempt_that_cannot_connect() {
    // A listener that never accepts, its backlog filled: further connections hang in the
    // handshake, as with an unreachable host.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    let mut held = Vec::new();
    while let Ok(stream) = std::net::TcpStream::connect_timeout(&address, Duration::from_millis(200)) {
        held.push(stream);
        assert!(held.len() < 10_000, "the backlog never filled");
    }
    let timeouts = TimeoutConfig::builder().connect_timeout(Duration::from_millis(300)).build();
    let client = Client::from_conf(config(&format!("http://{address}"), quick_retries(2), Some(timeouts)));
    let started = Instant::now();
    let error = client.describe_export_tasks().send().await.expect_err("cannot connect");
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    let SdkError::DispatchFailure(failure) = &error else { panic!("expected a dispatch failure, got {}", shown(&error)) };
    assert!(failure.is_timeout(), "expected a timeout, got {}", shown(&error));
}
