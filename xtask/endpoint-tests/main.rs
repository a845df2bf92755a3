//! Runs the `smithy.rules#endpointTests` cases of the models' rule sets against the
//! runtime's rules engine (`engine.rs`, the file generated crates carry as
//! `src/rt/endpoint.rs`), with each rule set as the generator emits it. Written into
//! `target/endpoint-tests/` by `cargo xtask endpoint-tests`, with one module per service.

use engine::Value;
use serde_json::Value as Json;
use std::borrow::Cow;

#[allow(dead_code)]
mod engine;

// SERVICES

fn value(json: &Json) -> Value<'static> {
    match json {
        Json::String(s) => Value::Str(Cow::Owned(s.clone())),
        Json::Bool(b) => Value::Bool(*b),
        Json::Array(items) => Value::Array(items.iter().map(value).collect()),
        _ => Value::None,
    }
}

fn json(document: &aws_smithy_types::Document) -> Json {
    use aws_smithy_types::{Document, Number};
    match document {
        Document::Null => Json::Null,
        Document::Bool(b) => Json::Bool(*b),
        Document::Number(Number::PosInt(n)) => Json::from(*n),
        Document::Number(Number::NegInt(n)) => Json::from(*n),
        Document::Number(Number::Float(f)) => Json::from(*f),
        Document::String(s) => Json::String(s.clone()),
        Document::Array(items) => Json::Array(items.iter().map(json).collect()),
        Document::Object(entries) => Json::Object(entries.iter().map(|(k, v)| (k.clone(), json(v))).collect()),
    }
}

/// Why `result` is not what `expect` says, if it is not.
fn check(expect: &Json, result: Result<aws_smithy_types::endpoint::Endpoint, engine::ResolveEndpointError>) -> Result<(), String> {
    match (expect.get("error").and_then(Json::as_str), expect.get("endpoint"), result) {
        (Some(message), _, Err(e)) if e.to_string() == message => Ok(()),
        (Some(message), _, Err(e)) => Err(format!("expected the error {message:?}, got the error {:?}", e.to_string())),
        (Some(message), _, Ok(endpoint)) => Err(format!("expected the error {message:?}, got the endpoint {}", endpoint.url())),
        (None, Some(expected), Ok(endpoint)) => {
            let url = expected.get("url").and_then(Json::as_str).unwrap_or_default();
            if endpoint.url() != url {
                return Err(format!("expected the URL {url}, got {}", endpoint.url()));
            }
            let headers: serde_json::Map<String, Json> = endpoint
                .headers()
                .map(|(name, values)| (name.to_owned(), Json::Array(values.map(|v| Json::String(v.to_owned())).collect())))
                .collect();
            let expected_headers = expected.get("headers").cloned().unwrap_or(Json::Object(Default::default()));
            if Json::Object(headers.clone()) != expected_headers {
                return Err(format!("expected the headers {expected_headers}, got {}", Json::Object(headers)));
            }
            // aws-sdk-* keep `authSchemes` apart, typed; the cases list it among the properties.
            let mut properties: serde_json::Map<String, Json> =
                endpoint.properties().iter().map(|(k, v)| (k.to_string(), json(v))).collect();
            if !endpoint.auth_schemes().is_empty() {
                let schemes = endpoint.auth_schemes().iter().map(|scheme| json(&scheme.as_document())).collect();
                properties.insert("authSchemes".to_owned(), Json::Array(schemes));
            }
            let expected_properties = expected.get("properties").cloned().unwrap_or(Json::Object(Default::default()));
            if Json::Object(properties.clone()) != expected_properties {
                return Err(format!("expected the properties {expected_properties}, got {}", Json::Object(properties)));
            }
            Ok(())
        }
        (None, _, Err(e)) => Err(format!("expected an endpoint, got the error {:?}", e.to_string())),
        (None, None, Ok(_)) => Err("the case expects neither an endpoint nor an error".into()),
    }
}

fn main() {
    let (mut total_passed, mut total_failed) = (0, 0);
    let mut failures = Vec::new();
    for (service, params, rules, cases) in SERVICES {
        let cases: Json = serde_json::from_str(cases).expect("the cases are JSON");
        let (mut passed, mut failed, mut with_inputs) = (0, 0, 0);
        for case in cases.as_array().into_iter().flatten() {
            let given = case.get("params");
            let values = params
                .iter()
                .map(|(name, default)| match given.and_then(|p| p.get(*name)) {
                    Some(v) => value(v),
                    None if !default.is_empty() => value(&serde_json::from_str(default).expect("defaults are JSON")),
                    None => Value::None,
                })
                .collect();
            if case.get("operationInputs").is_some() {
                with_inputs += 1;
            }
            let documentation = case.get("documentation").and_then(Json::as_str).unwrap_or("(undocumented)");
            match check(case.get("expect").unwrap_or(&Json::Null), engine::resolve(rules, values)) {
                Ok(()) => passed += 1,
                Err(why) => {
                    failed += 1;
                    failures.push(format!("{service}: {documentation}: {why}"));
                }
            }
        }
        if with_inputs > 0 {
            println!("{service}: {passed} passed, {failed} failed ({with_inputs} of them also give operation inputs)");
        } else {
            println!("{service}: {passed} passed, {failed} failed");
        }
        total_passed += passed;
        total_failed += failed;
    }
    println!("endpoint tests: {total_passed} passed, {total_failed} failed");
    for failure in failures.iter().take(40) {
        eprintln!("FAILED {failure}");
    }
    if total_failed > 0 {
        std::process::exit(1);
    }
}
