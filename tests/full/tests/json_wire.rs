//! Wire compatibility with aws-sdk-dynamodb and aws-sdk-sqs: for the same calls the
//! generated clients send the same requests (target, content type, query mode, JSON bodies
//! compared as data), and they read the same responses (recorded from moto during the run)
//! into the same values.

use full_sdk_tests::capture::{forward_reply, serve_replies, Captured};
use full_sdk_tests::compat::{canonical, record, replay, round_timestamps};

mod official {
    pub mod dynamodb {
        use aws_sdk_dynamodb as ddb;
        include!("../compat/dynamodb_scenario.rs");
    }
    pub mod sqs {
        use aws_sdk_sqs as sqs;
        include!("../compat/sqs_scenario.rs");
    }
}

mod generated {
    pub mod dynamodb {
        use sdk_dynamodb as ddb;
        include!("../compat/dynamodb_scenario.rs");
    }
    pub mod sqs {
        use sdk_sqs as sqs;
        include!("../compat/sqs_scenario.rs");
    }
}

fn target(request: &Captured) -> String {
    request.header("x-amz-target").unwrap_or("?").to_owned()
}

/// The differences between two clients' requests and outputs for the same session.
fn differences(theirs: &[Captured], ours: &[Captured], their_outputs: &[String], our_outputs: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if theirs.len() != ours.len() {
        out.push(format!("aws-sdk sent {} requests, the generated client {}", theirs.len(), ours.len()));
    }
    for (i, (t, o)) in theirs.iter().zip(ours).enumerate() {
        for header in ["x-amz-target", "content-type", "x-amzn-query-mode", "amz-sdk-request"] {
            if t.header(header) != o.header(header) {
                out.push(format!("request {i} ({}): {header} {:?} vs {:?}", target(t), t.header(header), o.header(header)));
            }
        }
        let json = |c: &Captured| serde_json::from_str::<serde_json::Value>(&c.body).unwrap_or(serde_json::Value::String(c.body.clone()));
        if json(t) != json(o) {
            out.push(format!("request {i} ({}):\n  aws-sdk:   {}\n  generated: {}", target(t), t.body, o.body));
        }
    }
    for (i, (t, o)) in their_outputs.iter().zip(our_outputs).enumerate() {
        let (t, o) = (canonical(&round_timestamps(t)), canonical(&round_timestamps(o)));
        if t != o {
            out.push(format!("output {i}:\n  aws-sdk:   {t}\n  generated: {o}"));
        }
    }
    out
}

macro_rules! compare {
    ($service:ident, $min_operations:expr) => {{
        let (reference, recorded) =
            record(target, forward_reply, |endpoint| async move { official::$service::run(&official::$service::client(&endpoint)).await })
                .await;
        let operations: std::collections::BTreeSet<&str> = recorded.iter().map(|(t, _)| t.as_str()).collect();
        assert!(operations.len() >= $min_operations, "the session calls {} operations: {operations:?}", operations.len());
        let theirs = serve_replies(replay(target, recorded.clone())).await;
        let ours = serve_replies(replay(target, recorded.clone())).await;
        let their_outputs = official::$service::run(&official::$service::client(&theirs.endpoint)).await;
        let our_outputs = generated::$service::run(&generated::$service::client(&ours.endpoint)).await;
        let canonical_all = |outputs: &[String]| outputs.iter().map(|o| canonical(o)).collect::<Vec<_>>();
        assert!(canonical_all(&their_outputs) == canonical_all(&reference), "replaying to the official client reproduces the recording");
        let found = differences(&theirs.captured(), &ours.captured(), &their_outputs, &our_outputs);
        assert!(found.is_empty(), "{} differences:\n{}", found.len(), found.join("\n"));
    }};
}

#[tokio::test]
async fn dynamodb_requests_and_parsed_responses_match_aws_sdk_dynamodb() {
    compare!(dynamodb, 20);
}

#[tokio::test]
async fn sqs_requests_and_parsed_responses_match_aws_sdk_sqs() {
    compare!(sqs, 10);
}
