//! Wire compatibility with aws-sdk-lambda (restJson1) and aws-sdk-route53 (restXml): for
//! the same calls the generated clients send the same requests (method, path, query,
//! headers but those of the signature, the SDK's identity and the connection, and bodies:
//! JSON compared as data, XML as text), and they read the same responses (recorded from
//! moto during the run, headers included) into the same values.

use full_sdk_tests::capture::{forward_whole, serve_replies, Captured};
use full_sdk_tests::compat::{canonical, record, replay, round_timestamps};
use std::collections::BTreeSet;

mod official {
    pub mod lambda {
        use aws_sdk_lambda as lambda;
        include!("../compat/lambda_scenario.rs");
    }
    pub mod route53 {
        use aws_sdk_route53 as route53;
        include!("../compat/route53_scenario.rs");
    }
    pub mod s3 {
        use aws_sdk_s3 as s3;
        include!("../compat/s3_scenario.rs");
    }
}

mod generated {
    pub mod lambda {
        use sdk_lambda as lambda;
        include!("../compat/lambda_scenario.rs");
    }
    pub mod route53 {
        use sdk_route_53 as route53;
        include!("../compat/route53_scenario.rs");
    }
    pub mod s3 {
        use sdk_s3 as s3;
        include!("../compat/s3_scenario.rs");
    }
}

/// The request line: method, path and query. A path-style request of an S3 bucket alone is
/// `/bucket` as the Smithy S3 suite requires, where aws-sdk-s3 sends `/bucket/` (its
/// endpoint path and the operation's `/` joined): the one difference in what the two send,
/// the same to S3, so the slash is left out here.
fn line(request: &Captured) -> String {
    let line = request.head.lines().next().and_then(|l| l.rsplit_once(' ')).map(|(l, _)| l.to_owned()).unwrap_or_default();
    let (route, query) = line.split_once('?').map_or((line.as_str(), None), |(r, q)| (r, Some(q)));
    let route = match route.strip_suffix('/') {
        Some(bucket) if bucket.matches('/').count() == 1 && !bucket.ends_with(' ') => bucket,
        _ => route,
    };
    match query {
        Some(query) => format!("{route}?{query}"),
        None => route.to_owned(),
    }
}

/// The method and path, without the query (which the comparison takes apart).
fn route(request: &Captured) -> String {
    line(request).split('?').next().unwrap_or_default().to_owned()
}

/// What tells an operation apart in a request line: the method, the path and the query's
/// parameter names (S3's `?tagging`, `?uploads`…).
fn operation(line: &str) -> String {
    let (route, query) = line.split_once('?').unwrap_or((line, ""));
    let mut names: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).map(|p| p.split('=').next().unwrap_or_default()).collect();
    names.sort();
    format!("{route}?{}", names.join("&"))
}

/// Headers that differ by design between two clients: the signature and its date, the
/// SDK's name, and the connection's.
const UNCOMPARED: &[&str] = &["authorization", "x-amz-date", "user-agent", "x-amz-user-agent", "host", "content-length", "connection"];

fn headers(request: &Captured) -> BTreeSet<(String, String)> {
    request
        .head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .filter(|(k, _)| !UNCOMPARED.contains(&k.as_str()))
        // Each call's invocation id is random: compared by its form, a UUID.
        .map(|(k, v)| match k.as_str() {
            "amz-sdk-invocation-id" => (k, if is_uuid(&v) { "a UUID".to_owned() } else { format!("not a UUID: {v}") }),
            _ => (k, v),
        })
        .collect()
}

fn is_uuid(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12]) && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn query(request: &Captured) -> Vec<String> {
    let line = line(request);
    let mut params: Vec<String> = line.split_once('?').map(|(_, q)| q.split('&').map(str::to_owned).collect()).unwrap_or_default();
    params.sort();
    params
}

/// An XML document with each element's children in a fixed order: the order of a
/// structure's members follows the model, whose versions differ between the two clients.
fn canonical_xml(text: &str) -> String {
    fn element(text: &str, at: &mut usize) -> String {
        // `text[*at..]` starts with `<name attributes>`.
        let close = *at + text[*at..].find('>').expect("a tag's end");
        let tag = &text[*at + 1..close];
        *at = close + 1;
        if let Some(tag) = tag.strip_suffix('/') {
            return format!("<{}/>", tag.trim());
        }
        let name = tag.split_whitespace().next().unwrap_or_default().to_owned();
        let mut children = Vec::new();
        let mut content = String::new();
        loop {
            let next = *at + text[*at..].find('<').expect("the element's end");
            content.push_str(&text[*at..next]);
            *at = next;
            if text[*at..].starts_with("</") {
                *at += text[*at..].find('>').expect("an end tag") + 1;
                break;
            }
            children.push(element(text, at));
        }
        children.sort();
        format!("<{tag}>{}{}</{name}>", content.trim(), children.concat())
    }
    let start = text.find('<').unwrap_or(0);
    let start = if text[start..].starts_with("<?") { start + text[start..].find("?>").map_or(0, |e| e + 2) } else { start };
    match text[start..].find('<') {
        Some(offset) => element(text, &mut (start + offset)),
        None => text.to_owned(),
    }
}

/// The differences between two clients' requests and outputs for the same session.
fn differences(theirs: &[Captured], ours: &[Captured], their_outputs: &[String], our_outputs: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if theirs.len() != ours.len() {
        out.push(format!("aws-sdk sent {} requests, the generated client {}", theirs.len(), ours.len()));
    }
    for (i, (t, o)) in theirs.iter().zip(ours).enumerate() {
        if route(t) != route(o) {
            out.push(format!("request {i}: {} vs {}", route(t), route(o)));
        }
        if query(t) != query(o) {
            out.push(format!("request {i} ({}): query {:?} vs {:?}", route(t), query(t), query(o)));
        }
        let (th, oh) = (headers(t), headers(o));
        if th != oh {
            let only_theirs: Vec<_> = th.difference(&oh).collect();
            let only_ours: Vec<_> = oh.difference(&th).collect();
            out.push(format!("request {i} ({}): headers only aws-sdk sent {only_theirs:?}, only ours {only_ours:?}", route(t)));
        }
        let json = |c: &Captured| serde_json::from_str::<serde_json::Value>(&c.body).ok();
        let same_body = match (json(t), json(o)) {
            (Some(a), Some(b)) => a == b,
            _ if t.body.starts_with('<') => canonical_xml(&t.body) == canonical_xml(&o.body),
            _ => t.body == o.body,
        };
        if !same_body {
            out.push(format!("request {i} ({}):\n  aws-sdk:   {}\n  generated: {}", route(t), t.body, o.body));
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

/// Records `$session` against moto with aws-sdk-*, replays the recording to both clients,
/// and asserts that they sent and read the same.
macro_rules! compare {
    ($service:ident, $min_operations:expr $(, $arg:expr)*) => {{
        let (reference, recorded) =
            record(line, forward_whole, |endpoint| async move { official::$service::run(&official::$service::client(&endpoint) $(, $arg)*).await }).await;
        let operations: BTreeSet<String> = recorded.iter().map(|(l, _)| operation(l)).collect();
        assert!(operations.len() >= $min_operations, "the session calls {} operations: {operations:?}", operations.len());
        let theirs = serve_replies(replay(line, recorded.clone())).await;
        let ours = serve_replies(replay(line, recorded.clone())).await;
        let their_outputs = official::$service::run(&official::$service::client(&theirs.endpoint) $(, $arg)*).await;
        let our_outputs = generated::$service::run(&generated::$service::client(&ours.endpoint) $(, $arg)*).await;
        let canonical_all = |outputs: &[String]| outputs.iter().map(|o| canonical(o)).collect::<Vec<_>>();
        assert!(canonical_all(&their_outputs) == canonical_all(&reference), "replaying to the official client reproduces the recording");
        let found = differences(&theirs.captured(), &ours.captured(), &their_outputs, &our_outputs);
        assert!(found.is_empty(), "{} differences:\n{}", found.len(), found.join("\n"));
    }};
}

#[tokio::test]
async fn lambda_requests_and_parsed_responses_match_aws_sdk_lambda() {
    let iam = full_sdk_tests::moto_client!(sdk_iam);
    let role = iam
        .create_role()
        .role_name("compat-exporter-role")
        .assume_role_policy_document(r#"{"Version":"2012-10-17","Statement":[]}"#)
        .send()
        .await
        .expect("role");
    let role = role.role().expect("a role").arn().to_owned();
    let package = full_sdk_tests::zip("index.py", b"def handler(event, context):\n    return event\n");
    let (role, package) = (role.as_str(), package.as_slice());
    compare!(lambda, 15, role, package);
}

#[tokio::test]
async fn route53_requests_and_parsed_responses_match_aws_sdk_route53() {
    compare!(route53, 10);
}

#[tokio::test]
async fn s3_requests_and_parsed_responses_match_aws_sdk_s3() {
    compare!(s3, 25);
}
