//! Retries and timeouts as aws-sdk-rds has them: the same program, configured through
//! aws_config, run with aws-sdk-rds and with the generated crate against the same faults,
//! makes the same number of attempts and ends the same way.

use full_sdk_tests::compat::{differences_under_faults, FaultScenario};
use full_sdk_tests::faults::Fault;
use std::time::Duration;

mod official {
    use aws_sdk_rds as rds;
    include!("../compat/rds_resilience.rs");
}

mod generated {
    use sdk_rds as rds;
    include!("../compat/rds_resilience.rs");
}

const OK: &str = "<DescribeExportTasksResponse><DescribeExportTasksResult><ExportTasks><ExportTask><ExportTaskIdentifier>t</ExportTaskIdentifier></ExportTask></ExportTasks></DescribeExportTasksResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeExportTasksResponse>";

fn error(status: u16, code: &str) -> Fault {
    Fault::Respond(status, format!("<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>m</Message></Error><RequestId>e</RequestId></ErrorResponse>"))
}

fn attempt_timeout(ms: u64) -> aws_sdk_rds::config::timeout::TimeoutConfig {
    aws_sdk_rds::config::timeout::TimeoutConfig::builder().operation_attempt_timeout(Duration::from_millis(ms)).build()
}

#[tokio::test]
async fn both_clients_retry_and_time_out_alike() {
    let none = aws_sdk_rds::config::timeout::TimeoutConfig::disabled;
    let scenarios: Vec<FaultScenario> = vec![
        (
            "unavailable twice",
            vec![Fault::Respond(503, String::new()), Fault::Respond(503, String::new()), Fault::Respond(200, OK.into())],
            3,
            none(),
        ),
        ("internal error once", vec![Fault::Respond(500, String::new()), Fault::Respond(200, OK.into())], 3, none()),
        ("always throttled", vec![error(400, "Throttling")], 3, none()),
        ("throttled past five attempts", vec![error(400, "ThrottlingException")], 5, none()),
        ("not found", vec![error(404, "ExportTaskNotFound")], 3, none()),
        ("connection resets", vec![Fault::Reset], 3, none()),
        ("a reset, then an answer", vec![Fault::Reset, Fault::Respond(200, OK.into())], 3, none()),
        (
            "a stalled attempt",
            vec![Fault::Stall(Duration::from_secs(5), OK.into()), Fault::Respond(200, OK.into())],
            3,
            attempt_timeout(300),
        ),
        ("every attempt stalls", vec![Fault::Stall(Duration::from_secs(5), OK.into())], 2, attempt_timeout(300)),
        (
            "the operation timeout",
            vec![Fault::Stall(Duration::from_secs(5), OK.into())],
            3,
            aws_sdk_rds::config::timeout::TimeoutConfig::builder().operation_timeout(Duration::from_millis(400)).build(),
        ),
        ("an HTML page", vec![Fault::Raw(200, "text/html", b"<html>maintenance</html>".to_vec())], 3, none()),
        ("a non-XML error", vec![Fault::Raw(502, "text/plain", b"Bad Gateway".to_vec()), Fault::Respond(200, OK.into())], 3, none()),
    ];
    let differences = differences_under_faults(
        scenarios,
        |endpoint, attempts, timeouts| async move { official::call(&endpoint, attempts, timeouts).await },
        |endpoint, attempts, timeouts| async move { generated::call(&endpoint, attempts, timeouts).await },
    )
    .await;
    assert!(differences.is_empty(), "the clients differ:\n{}", differences.join("\n"));
}
