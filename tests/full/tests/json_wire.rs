//! Wire compatibility with aws-sdk-dynamodb and aws-sdk-sqs: for the same calls the
//! generated clients send the same requests (target, content type, query mode, JSON bodies
//! compared as data), and they read the same responses (recorded from moto during the run)
//! into the same values.

use full_sdk_tests::capture::{forward_reply, serve_replies, Captured, Reply};
use full_sdk_tests::compat::{canonical, round_timestamps};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

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

/// Runs `session` against moto through a recording proxy: what it logged, and each
/// response by the target it answered.
async fn record<F: Future<Output = Vec<String>>>(session: impl FnOnce(String) -> F) -> (Vec<String>, Vec<(String, Reply)>) {
    let moto = full_sdk_tests::moto::server();
    let upstream = moto.endpoint.trim_start_matches("http://").to_owned();
    let recorded: Arc<Mutex<Vec<(String, Reply)>>> = Arc::default();
    let log = recorded.clone();
    let proxy = serve_replies(move |request| {
        let reply = forward_reply(&upstream, request);
        log.lock().expect("lock").push((target(request), reply.clone()));
        reply
    })
    .await;
    let outputs = session(proxy.endpoint.clone()).await;
    let recorded = recorded.lock().expect("lock").clone();
    (outputs, recorded)
}

/// Answers each request with the recorded reply to the same target, in order.
fn replay(recorded: Vec<(String, Reply)>) -> impl Fn(&Captured) -> Reply + Send + Sync + 'static {
    let seen: Mutex<HashMap<String, usize>> = Mutex::default();
    move |request: &Captured| {
        let target = target(request);
        let mut seen = seen.lock().expect("lock");
        let n = seen.entry(target.clone()).or_default();
        let hit = recorded.iter().filter(|(t, _)| *t == target).nth(*n).map(|(_, r)| r.clone());
        *n += 1;
        hit.unwrap_or_else(|| Reply { status: 500, headers: Vec::new(), body: format!("no recorded response for {target}") })
    }
}

/// The differences between two clients' requests and outputs for the same session.
fn differences(theirs: &[Captured], ours: &[Captured], their_outputs: &[String], our_outputs: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if theirs.len() != ours.len() {
        out.push(format!("aws-sdk sent {} requests, the generated client {}", theirs.len(), ours.len()));
    }
    for (i, (t, o)) in theirs.iter().zip(ours).enumerate() {
        for header in ["x-amz-target", "content-type", "x-amzn-query-mode"] {
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
            record(|endpoint| async move { official::$service::run(&official::$service::client(&endpoint)).await }).await;
        let operations: std::collections::BTreeSet<&str> = recorded.iter().map(|(t, _)| t.as_str()).collect();
        assert!(operations.len() >= $min_operations, "the session calls {} operations: {operations:?}", operations.len());
        let theirs = serve_replies(replay(recorded.clone())).await;
        let ours = serve_replies(replay(recorded.clone())).await;
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
