//! Endpoint discovery (`aws.api#clientEndpointDiscovery`), through the JSON kitchen sink,
//! whose `Locate` requires a discovered endpoint: `with_endpoint_discovery_enabled` asks
//! `DescribeEndpoints` at the configured endpoint, then every call of the client it returns
//! goes to the endpoint discovered, until a reload discovers another.

use sdk_json_kitchen_sink::Client;
use sdk_tests::capture::{serve_replies, CaptureServer, Reply};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn client(endpoint: &str) -> Client {
    Client::from_conf(sdk_tests::loopback_config!(sdk_json_kitchen_sink, endpoint).build())
}

fn json(status: u16, body: String) -> Reply {
    Reply { status, headers: vec![("content-type".into(), "application/x-amz-json-1.0".into())], body }
}

/// A server that answers `Locate` with its own name.
async fn locate_server(name: &'static str) -> CaptureServer {
    serve_replies(move |_| json(200, format!(r#"{{"served":"{name}"}}"#))).await
}

fn targets(server: &CaptureServer) -> Vec<String> {
    server.requests.lock().expect("capture lock").iter().map(|r| r.header("x-amz-target").unwrap_or_default().to_owned()).collect()
}

fn address(server: &CaptureServer) -> String {
    server.endpoint.trim_start_matches("http://").to_owned()
}

#[tokio::test]
async fn calls_go_to_the_discovered_endpoint_and_follow_a_reload() {
    let (first, second) = (locate_server("first").await, locate_server("second").await);
    let addresses = [address(&first), address(&second)];
    let discoveries = Arc::new(AtomicUsize::new(0));
    let counted = discoveries.clone();
    let discovery = serve_replies(move |request| {
        if request.header("x-amz-target") != Some("JsonKitchenSink.DescribeEndpoints") {
            return json(200, r#"{"served":"configured"}"#.to_owned());
        }
        let n = counted.fetch_add(1, Ordering::SeqCst).min(1);
        json(200, format!(r#"{{"Endpoints":[{{"Address":"{}","CachePeriodInMinutes":10}}]}}"#, addresses[n]))
    })
    .await;

    let plain = client(&discovery.endpoint);
    let (discovering, reload) = plain.clone().with_endpoint_discovery_enabled().await.expect("an endpoint is discovered");
    assert_eq!(discoveries.load(Ordering::SeqCst), 1, "discovered once, before the client is returned");
    let served = discovering.locate().name("a").send().await.expect("Locate is served");
    assert_eq!(served.served(), Some("first"));
    assert_eq!(targets(&first), ["JsonKitchenSink.Locate"]);
    let request = first.requests.lock().expect("capture lock")[0].clone();
    assert!(request.header("authorization").is_some_and(|a| a.contains("/us-west-2/jsonkitchen/")), "signed as the service");

    // The client without discovery still sends to its configured endpoint.
    assert_eq!(plain.locate().send().await.expect("served").served(), Some("configured"));

    reload.reload_once().await;
    assert_eq!(discovering.locate().send().await.expect("served").served(), Some("second"));
    assert_eq!(targets(&second), ["JsonKitchenSink.Locate"]);
    assert_eq!(targets(&discovery), ["JsonKitchenSink.DescribeEndpoints", "JsonKitchenSink.Locate", "JsonKitchenSink.DescribeEndpoints"]);
}

#[tokio::test]
async fn a_discovery_that_fails_or_finds_nothing_is_an_error_naming_why() {
    let failing = serve_replies(|_| json(500, r#"{"__type":"InternalFailure","message":"down"}"#.to_owned())).await;
    let error = client(&failing.endpoint).with_endpoint_discovery_enabled().await.expect_err("no endpoint");
    assert!(error.to_string().starts_with("endpoint discovery failed"), "{error}");

    let empty = serve_replies(|_| json(200, r#"{"Endpoints":[]}"#.to_owned())).await;
    let error = client(&empty.endpoint).with_endpoint_discovery_enabled().await.expect_err("no endpoint");
    assert!(error.to_string().contains("DescribeEndpoints answered no endpoint"), "{error}");
}

#[tokio::test]
async fn a_failed_reload_keeps_the_endpoint_discovered_before() {
    let first = locate_server("first").await;
    let target = address(&first);
    let discoveries = Arc::new(AtomicUsize::new(0));
    let counted = discoveries.clone();
    let discovery = serve_replies(move |_| match counted.fetch_add(1, Ordering::SeqCst) {
        0 => json(200, format!(r#"{{"Endpoints":[{{"Address":"{target}","CachePeriodInMinutes":1}}]}}"#)),
        _ => json(500, "{}".to_owned()),
    })
    .await;
    let (discovering, reload) = client(&discovery.endpoint).with_endpoint_discovery_enabled().await.expect("discovered");
    reload.reload_once().await;
    assert_eq!(discoveries.load(Ordering::SeqCst), 2);
    assert_eq!(discovering.locate().send().await.expect("served").served(), Some("first"));
}
