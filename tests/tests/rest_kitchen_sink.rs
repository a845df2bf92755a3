//! The REST kitchen sinks (`models/rest-json-kitchen-sink.smithy`, restJson1, and
//! `models/rest-xml-kitchen-sink.smithy`, restXml) over a capture server: every HTTP
//! binding written where it belongs and read back from where the response puts it, XML
//! traits both ways, typed errors with their bound members, and malformed responses
//! turned into errors that name what was wrong.

use sdk_tests::capture::{serve_replies, Captured, Reply};

macro_rules! client {
    ($krate:ident, $endpoint:expr) => {
        $krate::Client::from_conf(
            $krate::Config::builder()
                .region($krate::config::Region::new("us-west-2"))
                .endpoint_url($endpoint)
                .credentials_provider($krate::config::Credentials::new("AKID", "secret", None, None, "test"))
                .retry_config($krate::config::RetryConfig::disabled())
                .behavior_version($krate::config::BehaviorVersion::latest())
                .build(),
        )
    };
}

fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> Reply {
    Reply { status, headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), body: body.to_owned() }
}

/// The request line's path and query.
fn target(request: &Captured) -> &str {
    request.head.lines().next().and_then(|l| l.split(' ').nth(1)).unwrap_or_default()
}

mod rest_json {
    use super::*;
    use sdk_rest_json_kitchen_sink::error::DisplayErrorContext;
    use sdk_rest_json_kitchen_sink::primitives::{ByteStream, DateTime};
    use sdk_rest_json_kitchen_sink::types::Thing;

    #[tokio::test]
    async fn every_binding_is_written_where_it_belongs_and_read_back() {
        let server = serve_replies(|_| {
            reply(
                201,
                &[
                    ("content-type", "application/json"),
                    ("x-etag", "\"v2\""),
                    ("x-when", "Tue, 29 Apr 2014 18:30:38 GMT"),
                    ("x-names", "a, \"b,c\""),
                    ("x-meta-owner", "exports"),
                    ("x-meta-tier", "cold"),
                ],
                r#"{"name":"db-1","size":42,"tags":["x"],"child":{"name":"inner"}}"#,
            )
        })
        .await;
        let client = client!(sdk_rest_json_kitchen_sink, &server.endpoint);
        let thing = Thing::builder().name("db-1").size(42).build();
        let output = client
            .put_thing()
            .bucket("exports")
            .key("2024/db 1.json")
            .limit(10)
            .tags("a b")
            .tags("c&d")
            .since(DateTime::from_secs(1_398_796_238))
            .extra("page", "2")
            .extra("limit", "ignored")
            .flag(true)
            .names("one")
            .names("two, three")
            .when(DateTime::from_secs(1_398_796_238))
            .settings(r#"{"a":1}"#)
            .meta_value("owner", "exports")
            .thing(thing)
            .send()
            .await
            .expect("sent and read");
        let request = &server.captured()[0];
        assert!(request.head.starts_with("PUT "), "{}", request.head);
        let target = target(request);
        let (path, query) = target.split_once('?').expect("a query");
        assert_eq!(path, "/things/exports/2024/db%201.json", "the greedy label keeps its slashes");
        let mut params: Vec<&str> = query.split('&').collect();
        params.sort();
        // `limit` from @httpQuery wins over the same key in @httpQueryParams.
        assert_eq!(params, ["limit=10", "mode=full", "page=2", "since=2014-04-29T18%3A30%3A38Z", "tag=a%20b", "tag=c%26d"]);
        assert_eq!(request.header("x-flag"), Some("true"));
        assert_eq!(request.header("x-names"), Some("one, \"two, three\""));
        assert_eq!(request.header("x-when"), Some("Tue, 29 Apr 2014 18:30:38 GMT"));
        assert_eq!(request.header("x-settings"), Some("eyJhIjoxfQ=="), "a @mediaType string header is base64");
        assert_eq!(request.header("x-meta-owner"), Some("exports"));
        assert_eq!(request.header("content-type"), Some("application/json"));
        let body: serde_json::Value = serde_json::from_str(&request.body).expect("a JSON payload");
        assert_eq!(body, serde_json::json!({"name": "db-1", "size": 42}));

        assert_eq!(output.status(), Some(201));
        assert_eq!(output.etag(), Some("\"v2\""));
        assert_eq!(output.when(), Some(&DateTime::from_secs(1_398_796_238)));
        assert_eq!(output.names(), ["a", "b,c"]);
        let meta = output.meta_value().expect("prefix headers");
        assert_eq!((meta.get("owner").map(String::as_str), meta.get("tier").map(String::as_str)), (Some("exports"), Some("cold")));
        let thing = output.thing().expect("the payload");
        assert_eq!((thing.name(), thing.size(), thing.tags()), (Some("db-1"), Some(42), &["x".to_owned()][..]));
        assert_eq!(thing.child().and_then(|c| c.name()), Some("inner"));
    }

    #[tokio::test]
    async fn body_members_use_their_json_names_beside_bound_ones() {
        let server = serve_replies(|_| {
            reply(200, &[("content-type", "application/json"), ("x-trace", "t-1")], r#"{"display_name":"db","at":1398796238.5}"#)
        })
        .await;
        let client = client!(sdk_rest_json_kitchen_sink, &server.endpoint);
        let output = client.describe_thing().id("a/b").trace("t-1").name("db").count(3).send().await.expect("described");
        let request = &server.captured()[0];
        assert_eq!(target(request), "/things/a%2Fb/describe", "a label that is not greedy encodes its slashes");
        let body: serde_json::Value = serde_json::from_str(&request.body).expect("JSON");
        assert_eq!(body, serde_json::json!({"display_name": "db", "count": 3}));
        assert_eq!(request.header("x-trace"), Some("t-1"));
        assert_eq!(output.trace(), Some("t-1"));
        assert_eq!(output.name(), Some("db"));
        assert_eq!(output.at(), Some(&DateTime::from_secs_and_nanos(1_398_796_238, 500_000_000)));
    }

    #[tokio::test]
    async fn errors_are_typed_with_their_bound_members() {
        let server = serve_replies(|_| {
            reply(
                404,
                &[("content-type", "application/json"), ("x-amzn-errortype", "NotFound:http://internal/"), ("x-resource", "db-9")],
                r#"{"message":"no such thing"}"#,
            )
        })
        .await;
        let client = client!(sdk_rest_json_kitchen_sink, &server.endpoint);
        let error = client.download().name("db-9").send().await.expect_err("missing").into_service_error();
        assert!(error.is_not_found(), "{error:?}");
        let sdk_rest_json_kitchen_sink::operation::download::DownloadError::NotFound(not_found) = &error else { unreachable!() };
        assert_eq!(not_found.resource(), Some("db-9"));
        assert_eq!(not_found.message(), Some("no such thing"));
    }

    #[tokio::test]
    async fn streams_go_up_and_come_down() {
        let server = serve_replies(|request| {
            if request.head.starts_with("POST") {
                reply(200, &[("x-size", &request.raw_body.len().to_string())], "")
            } else {
                reply(200, &[("content-type", "text/csv")], "a,b\n1,2\n")
            }
        })
        .await;
        let client = client!(sdk_rest_json_kitchen_sink, &server.endpoint);
        let uploaded = client.upload().name("rows.csv").body(ByteStream::from_static(b"a,b\n1,2\n")).send().await.expect("uploaded");
        assert_eq!(uploaded.size(), Some(8));
        assert_eq!(server.captured()[0].header("content-type"), Some("application/octet-stream"));
        let downloaded = client.download().name("rows.csv").send().await.expect("downloaded");
        assert_eq!(downloaded.content_type(), Some("text/csv"));
        assert_eq!(downloaded.length(), Some(8));
        let bytes = downloaded.body.collect().await.expect("read").into_bytes();
        assert_eq!(&bytes[..], b"a,b\n1,2\n");
    }

    #[tokio::test]
    async fn malformed_responses_name_what_was_wrong() {
        for (headers, body, expected) in
            [(vec![("x-size", "twelve")], "", "size"), (vec![("content-type", "application/json")], "{\"name\":", "JSON")]
        {
            let (headers, body) = (headers.clone(), body.to_owned());
            let server = serve_replies(move |_| reply(200, &headers, &body)).await;
            let client = client!(sdk_rest_json_kitchen_sink, &server.endpoint);
            let result = if expected == "size" {
                client.upload().name("x").send().await.map(|_| ()).map_err(|e| DisplayErrorContext(&e).to_string())
            } else {
                client.describe_thing().id("x").send().await.map(|_| ()).map_err(|e| DisplayErrorContext(&e).to_string())
            };
            let error = result.expect_err("malformed");
            assert!(error.contains(expected), "{error}");
        }
    }

    #[tokio::test]
    async fn an_unset_required_label_is_not_sent() {
        let server = serve_replies(|_| reply(200, &[], "")).await;
        let client = client!(sdk_rest_json_kitchen_sink, &server.endpoint);
        let error = client.describe_thing().send().await.expect_err("no id");
        assert!(DisplayErrorContext(&error).to_string().contains("id"), "{}", DisplayErrorContext(&error));
        assert!(server.captured().is_empty());
    }
}

mod rest_xml {
    use super::*;
    use sdk_rest_xml_kitchen_sink::error::DisplayErrorContext;
    use sdk_rest_xml_kitchen_sink::primitives::{Blob, DateTime};
    use sdk_rest_xml_kitchen_sink::types::{Action, ConfigValue as Config, Rule};

    fn config() -> Config {
        Config::builder()
            .id("c-1")
            .name("exports & more")
            .enabled(true)
            .updated(DateTime::from_secs(1_398_796_238))
            .rules(Rule::builder().priority(1).action(Action::Allow).values("a").values("b").build())
            .rules(Rule::builder().priority(2).action(Action::Deny).build())
            .tags("t1")
            .tags("t2")
            .data(Blob::new(&b"\x00\x01"[..]))
            .note("hello")
            .build()
    }

    #[tokio::test]
    async fn a_payload_document_carries_every_xml_trait_and_reads_back_equal() {
        // The server answers with the document it was sent.
        let server = serve_replies(|request| reply(200, &[("content-type", "application/xml"), ("x-version", "3")], &request.body)).await;
        let client = client!(sdk_rest_xml_kitchen_sink, &server.endpoint);
        let output = client.put_config().name("main").version(3).config(config()).send().await.expect("put");
        let request = &server.captured()[0];
        assert_eq!(target(request), "/config/main");
        assert_eq!(request.header("content-type"), Some("application/xml"));
        let expected = concat!(
            r#"<Configuration xmlns="https://example.com/kitchen/2024-01-01/" id="c-1">"#,
            "<Name>exports &amp; more</Name><Enabled>true</Enabled><Updated>2014-04-29T18:30:38Z</Updated>",
            r#"<Rules><Rule priority="1"><Action>Allow</Action><Values><member>a</member><member>b</member></Values></Rule>"#,
            r#"<Rule priority="2"><Action>Deny</Action></Rule></Rules>"#,
            "<Tag>t1</Tag><Tag>t2</Tag><Data>AAE=</Data>",
            r#"<x:Note xmlns:x="https://example.com/extra">hello</x:Note></Configuration>"#,
        );
        assert_eq!(request.body, expected);
        assert_eq!(output.version(), Some(3));
        assert_eq!(output.config(), Some(&config()));
    }

    #[tokio::test]
    async fn flattened_lists_and_maps_are_read() {
        let body = r#"<ListEntriesOutput xmlns="https://example.com/kitchen/2024-01-01/">
            <IsTruncated>true</IsTruncated><NextMarker>k3</NextMarker>
            <Entry><Key>k1</Key><Size>1</Size><Modified>2014-04-29T18:30:38Z</Modified></Entry>
            <Entry><Key>k2</Key><Size>2</Size></Entry>
            <Labels><Label>hot</Label><Label>new</Label></Labels>
            <Setting><Name>a</Name><Value>1</Value></Setting><Setting><Name>b</Name><Value>2</Value></Setting>
        </ListEntriesOutput>"#;
        let server = serve_replies(move |_| reply(200, &[("content-type", "application/xml")], body)).await;
        let client = client!(sdk_rest_xml_kitchen_sink, &server.endpoint);
        let output = client.list_entries().prefix("k").max_entries(2).send().await.expect("listed");
        assert_eq!(target(&server.captured()[0]), "/entries?prefix=k&max-entries=2");
        assert_eq!(output.truncated(), Some(true));
        assert_eq!(output.next_marker(), Some("k3"));
        let keys: Vec<(Option<&str>, Option<i64>)> = output.entries().iter().map(|e| (e.key(), e.size())).collect();
        assert_eq!(keys, [(Some("k1"), Some(1)), (Some("k2"), Some(2))]);
        assert_eq!(output.entries()[0].modified(), Some(&DateTime::from_secs(1_398_796_238)));
        assert_eq!(output.labels(), ["hot", "new"]);
        let settings = output.settings().expect("settings");
        assert_eq!((settings.get("a").map(String::as_str), settings.get("b").map(String::as_str)), (Some("1"), Some("2")));
    }

    #[tokio::test]
    async fn errors_come_from_the_error_response_document() {
        let body = "<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchConfig</Code><Message>gone</Message>\
            <ConfigName>main</ConfigName></Error><RequestId>req-1</RequestId></ErrorResponse>";
        let server = serve_replies(move |_| reply(404, &[("content-type", "application/xml")], body)).await;
        let client = client!(sdk_rest_xml_kitchen_sink, &server.endpoint);
        let error = client.put_config().name("main").send().await.expect_err("missing").into_service_error();
        let sdk_rest_xml_kitchen_sink::operation::put_config::PutConfigError::NoSuchConfig(missing) = &error else {
            panic!("expected NoSuchConfig, got {error:?}")
        };
        assert_eq!(missing.message(), Some("gone"));
        assert_eq!(missing.config_name(), Some("main"));
    }

    #[tokio::test]
    async fn malformed_documents_name_what_was_wrong() {
        for (body, expected) in [
            ("<ListEntriesOutput><IsTruncated>maybe</IsTruncated></ListEntriesOutput>", "truncated"),
            ("<ListEntriesOutput><Entry><Key>k1</Key>", "ends early"),
            ("not xml at all", "not XML"),
        ] {
            let server = serve_replies(move |_| reply(200, &[("content-type", "application/xml")], body)).await;
            let client = client!(sdk_rest_xml_kitchen_sink, &server.endpoint);
            let error = client.list_entries().send().await.expect_err("malformed");
            let text = DisplayErrorContext(&error).to_string();
            assert!(text.contains(expected), "{body}: {text}");
        }
    }
}
