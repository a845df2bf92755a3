//! What the comparisons with the official crates share.

/// A Debug rendering with struct fields sorted by name and `None` fields dropped, so that
/// two crates built from model versions that order (or add) members differently compare
/// by what they hold.
pub fn canonical(debug: &str) -> String {
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

/// `text` with every RFC 3339 timestamp's fraction rounded to milliseconds. The generated
/// clients read JSON epoch seconds exactly (`1795780247.385` is .385 s, as the Smithy
/// compliance suites require), while aws-sdk-* read them through an `f64` (.384999 s); the
/// JSON comparisons compare timestamps to the millisecond.
pub fn round_timestamps(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        // `YYYY-MM-DDTHH:MM:SS` then `.fraction` then `Z`.
        let is_stamp = bytes.len() >= i + 20
            && bytes[i..i + 4].iter().all(u8::is_ascii_digit)
            && bytes[i + 4] == b'-'
            && bytes[i + 10] == b'T'
            && bytes[i + 19] == b'.';
        if !is_stamp {
            let c = text[i..].chars().next().expect("a char");
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let digits_end = (i + 20..bytes.len()).find(|&j| !bytes[j].is_ascii_digit()).unwrap_or(bytes.len());
        let fraction: f64 = format!("0.{}", &text[i + 20..digits_end]).parse().unwrap_or(0.0);
        let millis = (fraction * 1000.0).round() as u32;
        if millis == 1000 {
            // Keep the text as it is rather than carry into the seconds.
            out.push_str(&text[i..digits_end]);
        } else {
            out.push_str(&format!("{}.{millis:03}", &text[i..i + 19]));
        }
        i = digits_end;
    }
    out
}

/// One fault scenario: its name, the server's script, the client's max attempts and timeouts.
pub type FaultScenario = (&'static str, Vec<crate::faults::Fault>, u32, aws_config::timeout::TimeoutConfig);

/// Runs each scenario against the official client and the generated one (each a call
/// that reports how it ended), and returns where they differ in attempts or outcome.
pub async fn differences_under_faults<A, B, FA, FB>(scenarios: Vec<FaultScenario>, official: A, generated: B) -> Vec<String>
where
    A: Fn(String, u32, aws_config::timeout::TimeoutConfig) -> FA,
    B: Fn(String, u32, aws_config::timeout::TimeoutConfig) -> FB,
    FA: std::future::Future<Output = String>,
    FB: std::future::Future<Output = String>,
{
    let mut differences = Vec::new();
    for (name, script, max_attempts, timeouts) in scenarios {
        let server = crate::faults::serve_faults(script.clone()).await;
        let theirs = official(server.endpoint.clone(), max_attempts, timeouts.clone()).await;
        let their_attempts = server.attempts();
        let server = crate::faults::serve_faults(script).await;
        let ours = generated(server.endpoint.clone(), max_attempts, timeouts).await;
        let our_attempts = server.attempts();
        println!("{name}: official {theirs} after {their_attempts} attempts; generated {ours} after {our_attempts}");
        if (theirs.as_str(), their_attempts) != (ours.as_str(), our_attempts) {
            differences.push(format!("{name}: official {theirs} after {their_attempts} attempts, generated {ours} after {our_attempts}"));
        }
    }
    differences
}

use crate::capture::{serve_replies, Captured, Reply};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

/// Runs `session` against moto through a recording proxy that forwards each request with
/// `forward`: what the session logged, and each response by the `key` of its request.
pub async fn record<F: Future<Output = Vec<String>>>(
    key: fn(&Captured) -> String,
    forward: fn(&str, &Captured) -> Reply,
    session: impl FnOnce(String) -> F,
) -> (Vec<String>, Vec<(String, Reply)>) {
    let moto = crate::moto::server();
    let upstream = moto.endpoint.trim_start_matches("http://").to_owned();
    let recorded: Arc<Mutex<Vec<(String, Reply)>>> = Arc::default();
    let log = recorded.clone();
    let proxy = serve_replies(move |request| {
        let reply = forward(&upstream, request);
        log.lock().expect("lock").push((key(request), reply.clone()));
        reply
    })
    .await;
    let outputs = session(proxy.endpoint.clone()).await;
    let recorded = recorded.lock().expect("lock").clone();
    (outputs, recorded)
}

/// Answers each request with the recorded reply to the request of the same `key`, in order.
pub fn replay(key: fn(&Captured) -> String, recorded: Vec<(String, Reply)>) -> impl Fn(&Captured) -> Reply + Send + Sync + 'static {
    let seen: Mutex<HashMap<String, usize>> = Mutex::default();
    move |request: &Captured| {
        let key = key(request);
        let mut seen = seen.lock().expect("lock");
        let n = seen.entry(key.clone()).or_default();
        let hit = recorded.iter().filter(|(k, _)| *k == key).nth(*n).map(|(_, r)| r.clone());
        *n += 1;
        hit.unwrap_or_else(|| Reply { status: 500, headers: Vec::new(), body: format!("no recorded response for {key}") })
    }
}
