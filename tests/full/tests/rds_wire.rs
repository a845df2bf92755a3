//! Wire compatibility with aws-sdk-rds: for the same calls the generated client sends the
//! same request parameters, and it reads the same responses (recorded from moto during the
//! run) into the same values.

use full_sdk_tests::capture::{forward, serve_with, Captured};
use full_sdk_tests::compat::canonical;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

mod official {
    use aws_sdk_rds as rds;
    include!("../compat/rds_scenario.rs");
}

mod generated {
    use sdk_rds as rds;
    include!("../compat/rds_scenario.rs");
}

fn action(request: &Captured) -> String {
    request.body.split('&').find_map(|p| p.strip_prefix("Action=")).unwrap_or("?").to_owned()
}

/// A request's parameters, decoded and sorted.
fn params(request: &Captured) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).expect("hex escape"));
                i += 3;
            } else {
                out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
                i += 1;
            }
        }
        String::from_utf8(out).expect("utf-8")
    };
    let mut params: Vec<(String, String)> = request
        .body
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    params.sort();
    params
}

#[tokio::test]
async fn requests_and_parsed_responses_match_aws_sdk_rds() {
    // 1. Record: aws-sdk-rds against moto, through a recording proxy.
    let moto = full_sdk_tests::moto::server();
    let upstream = moto.endpoint.trim_start_matches("http://").to_owned();
    let recorded: Arc<Mutex<Vec<(String, u16, String)>>> = Arc::default();
    let log = recorded.clone();
    let proxy = serve_with(move |request| {
        let (status, body) = forward(&upstream, request);
        log.lock().expect("lock").push((action(request), status, body.clone()));
        (status, body)
    })
    .await;
    let reference_run = official::run(&official::client(&proxy.endpoint)).await;
    let recorded = recorded.lock().expect("lock").clone();
    assert!(recorded.len() >= 30, "the session makes at least 30 calls, made {}", recorded.len());

    // 2. Replay the recorded responses to both clients, by action and occurrence.
    let replay = |recorded: Vec<(String, u16, String)>| {
        let seen: Mutex<HashMap<String, usize>> = Mutex::default();
        move |request: &Captured| {
            let action = action(request);
            let mut seen = seen.lock().expect("lock");
            let n = seen.entry(action.clone()).or_default();
            let hit = recorded.iter().filter(|(a, _, _)| *a == action).nth(*n).cloned();
            *n += 1;
            hit.map(|(_, status, body)| (status, body)).unwrap_or((500, format!("no recorded response for {action}")))
        }
    };
    let theirs = serve_with(replay(recorded.clone())).await;
    let ours = serve_with(replay(recorded.clone())).await;
    let their_outputs = official::run(&official::client(&theirs.endpoint)).await;
    let our_outputs = generated::run(&generated::client(&ours.endpoint)).await;
    assert_eq!(their_outputs, reference_run, "replaying to aws-sdk-rds reproduces the recording");

    let (their_requests, our_requests) = (theirs.captured(), ours.captured());
    assert_eq!(their_requests.len(), our_requests.len());
    let mut mismatches = Vec::new();
    for (i, (t, o)) in their_requests.iter().zip(&our_requests).enumerate() {
        if params(t) != params(o) {
            mismatches.push(format!("request {i} ({}):\n  aws-sdk-rds: {:?}\n  generated:   {:?}", action(t), params(t), params(o)));
        }
    }
    for (i, (t, o)) in their_outputs.iter().zip(&our_outputs).enumerate() {
        let (t, o) = (canonical(t), canonical(o));
        if t != o {
            mismatches.push(format!("response {i} ({}):\n  aws-sdk-rds: {t}\n  generated:   {o}", recorded[i].0));
        }
    }
    assert!(mismatches.is_empty(), "{} differences:\n{}", mismatches.len(), mismatches.join("\n"));
    let ok = our_outputs.iter().filter(|o| o.starts_with("ok ")).count();
    println!("{} calls compared, {ok} succeeded against moto, the rest compared as errors", our_outputs.len());
}
