//! Retries and timeouts as aws-sdk-dynamodb has them: the same program, configured through
//! aws_config, run with aws-sdk-dynamodb and with the generated crate against the same
//! faults (awsJson throttling and errors, 5xx, garbage bodies), makes the same number of
//! attempts and ends the same way.

use full_sdk_tests::compat::{differences_under_faults, FaultScenario};
use full_sdk_tests::faults::Fault;
use std::time::Duration;

mod official {
    use aws_sdk_dynamodb as ddb;
    include!("../compat/dynamodb_resilience.rs");
}

mod generated {
    use sdk_dynamodb as ddb;
    include!("../compat/dynamodb_resilience.rs");
}

const JSON: &str = "application/x-amz-json-1.0";

fn ok() -> Fault {
    Fault::Raw(200, JSON, br#"{"Item":{"pk":{"S":"a"}}}"#.to_vec())
}

fn error(status: u16, kind: &str) -> Fault {
    Fault::Raw(status, JSON, format!(r#"{{"__type":"com.amazonaws.dynamodb.v20120810#{kind}","message":"m"}}"#).into_bytes())
}

#[tokio::test]
async fn both_clients_retry_and_time_out_alike() {
    let none = aws_config::timeout::TimeoutConfig::disabled;
    let attempt_timeout = |ms| aws_config::timeout::TimeoutConfig::builder().operation_attempt_timeout(Duration::from_millis(ms)).build();
    let scenarios: Vec<FaultScenario> = vec![
        ("unavailable twice", vec![error(503, "ServiceUnavailable"), error(503, "ServiceUnavailable"), ok()], 3, none()),
        ("internal error once", vec![error(500, "InternalServerError"), ok()], 3, none()),
        ("throughput exceeded", vec![error(400, "ProvisionedThroughputExceededException")], 3, none()),
        ("throttled, then served", vec![error(400, "ThrottlingException"), ok()], 3, none()),
        ("request limit past five attempts", vec![error(400, "RequestLimitExceeded")], 5, none()),
        ("not found", vec![error(400, "ResourceNotFoundException")], 3, none()),
        ("validation", vec![error(400, "ValidationException")], 3, none()),
        ("an error without a type", vec![Fault::Raw(400, JSON, b"{}".to_vec())], 3, none()),
        ("connection resets", vec![Fault::Reset], 3, none()),
        ("a stalled attempt", vec![Fault::Stall(Duration::from_secs(5), String::new()), ok()], 3, attempt_timeout(300)),
        ("an HTML page", vec![Fault::Raw(200, "text/html", b"<html>maintenance</html>".to_vec())], 3, none()),
        ("a truncated body", vec![Fault::Raw(200, JSON, br#"{"Item":{"pk":{"S":"#.to_vec())], 3, none()),
        ("a non-JSON gateway error", vec![Fault::Raw(502, "text/plain", b"Bad Gateway".to_vec()), ok()], 3, none()),
        ("garbage bytes", vec![Fault::Raw(200, JSON, vec![0xff, 0xfe, 0x00, 0x7b])], 3, none()),
    ];
    let differences = differences_under_faults(
        scenarios,
        |endpoint, attempts, timeouts| async move { official::call(&endpoint, attempts, timeouts).await },
        |endpoint, attempts, timeouts| async move { generated::call(&endpoint, attempts, timeouts).await },
    )
    .await;
    assert!(differences.is_empty(), "the clients differ:\n{}", differences.join("\n"));
}
