//! Wire compatibility with aws-sdk-rds: for the same calls the generated client sends the
//! same request parameters, and it reads the same responses (recorded from moto during the
//! run) into the same values.

use full_sdk_tests::capture::{forward, serve_with, Captured};
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

/// A Debug rendering with struct fields sorted by name and `None` fields dropped, so that
/// two crates built from model versions that order (or add) members differently compare
/// by what they hold.
fn canonical(debug: &str) -> String {
    #[derive(Debug)]
    enum V {
        Atom(String),
        Group(String, char, Vec<(Option<String>, V)>),
    }
    fn tokens(s: &str) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                i += 1;
            } else if "{}()[],".contains(c) || (c == ':' && chars.get(i + 1).is_none_or(|n| n.is_whitespace())) {
                out.push(c.to_string());
                i += 1;
            } else if c == '"' {
                let start = i;
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
                out.push(chars[start..i.min(chars.len())].iter().collect());
            } else {
                let start = i;
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !"{}()[],\"".contains(chars[i])
                    && (chars[i] != ':' || chars.get(i + 1).is_some_and(|n| !n.is_whitespace()))
                {
                    i += 1;
                }
                out.push(chars[start..i].iter().collect());
            }
        }
        out
    }
    fn value(t: &[String], p: &mut usize) -> V {
        let mut name = String::new();
        if *p < t.len() && !["{", "(", "["].contains(&t[*p].as_str()) {
            name = t[*p].clone();
            *p += 1;
        }
        let Some(open) = t.get(*p).and_then(|o| o.chars().next()).filter(|o| "{([".contains(*o)) else {
            return V::Atom(name);
        };
        let close = match open {
            '{' => "}",
            '(' => ")",
            _ => "]",
        };
        *p += 1;
        let mut items = Vec::new();
        while *p < t.len() && t[*p] != close {
            let key = if t.get(*p + 1).is_some_and(|n| n == ":") {
                let k = t[*p].clone();
                *p += 2;
                Some(k)
            } else {
                None
            };
            items.push((key, value(t, p)));
            if t.get(*p).is_some_and(|c| c == ",") {
                *p += 1;
            }
        }
        *p += 1;
        V::Group(name, open, items)
    }
    fn render(v: &V) -> String {
        match v {
            V::Atom(a) => a.clone(),
            V::Group(name, open, items) => {
                let mut parts: Vec<String> = items
                    .iter()
                    .filter(|(k, v)| !(k.is_some() && matches!(v, V::Atom(a) if a == "None")))
                    // The source of an unhandled error is each runtime's own error type; the
                    // metadata (code, message, request id) is what callers compare.
                    .filter(|(k, _)| !(name == "Unhandled" && k.as_deref() == Some("source")))
                    .map(|(k, v)| match k {
                        Some(k) => format!("{k}: {}", render(v)),
                        None => render(v),
                    })
                    .collect();
                if *open == '{' {
                    parts.sort();
                }
                let close = match open {
                    '{' => '}',
                    '(' => ')',
                    _ => ']',
                };
                format!("{name}{open}{}{close}", parts.join(", "))
            }
        }
    }
    let t = tokens(debug);
    let mut p = 0;
    let mut out = Vec::new();
    while p < t.len() {
        out.push(render(&value(&t, &mut p)));
    }
    out.join(" ")
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
