//! The REST kitchen sinks (`models/rest-json-kitchen-sink.smithy`, restJson1, and
//! `models/rest-xml-kitchen-sink.smithy`, restXml) over a capture server: every HTTP
//! binding written where it belongs and read back from where the response puts it, XML
//! traits both ways, typed errors with their bound members, and malformed responses
//! turned into errors that name what was wrong.

use sdk_tests::capture::{serve_replies, Captured, Reply};

macro_rules! client {
    ($krate:ident, $endpoint:expr) => {
        $krate::Client::from_conf(sdk_tests::loopback_config!($krate, $endpoint).build())
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

/// Flexible checksums (`@httpChecksum`) on the restJson1 kitchen sink's note and object
/// operations: computed into headers or an `aws-chunked` trailer, checked on responses, and
/// the two settings that limit them. Expected sums are Python's `zlib.crc32` and `hashlib`.
mod flexible_checksums {
    use super::*;
    use sdk_rest_json_kitchen_sink::config::{RequestChecksumCalculation, ResponseChecksumValidation};
    use sdk_rest_json_kitchen_sink::error::DisplayErrorContext;
    use sdk_rest_json_kitchen_sink::primitives::{Blob, ByteStream};
    use sdk_rest_json_kitchen_sink::types::{ChecksumAlgorithm, ChecksumMode};

    #[tokio::test]
    async fn bodies_in_memory_carry_their_checksum_in_a_header() {
        let server = serve_replies(|_| reply(200, &[], "")).await;
        let client = client!(sdk_rest_json_kitchen_sink, &server.endpoint);
        client.put_note().name("a").body(Blob::new("hello")).send().await.expect("CRC32 by default");
        client.put_note().name("b").body(Blob::new("hello")).checksum_algorithm(ChecksumAlgorithm::Sha256).send().await.expect("SHA256");
        client.put_note().name("c").body(Blob::new("hello")).checksum_crc32("NSRBwg==").send().await.expect("the caller's sum");
        let sent = server.captured();
        assert_eq!(sent[0].header("x-amz-sdk-checksum-algorithm"), Some("CRC32"), "the default is named, as aws-sdk-* names it");
        assert_eq!(sent[0].header("x-amz-checksum-crc32"), Some("NhCmhg=="));
        assert_eq!(sent[1].header("x-amz-sdk-checksum-algorithm"), Some("SHA256"));
        assert_eq!(sent[1].header("x-amz-checksum-sha256"), Some("LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="));
        assert_eq!(sent[1].header("x-amz-checksum-crc32"), None);
        // A checksum the caller set is sent as it is, and nothing is computed.
        assert_eq!(sent[2].header("x-amz-checksum-crc32"), Some("NSRBwg=="));
        assert_eq!(sent[2].header("x-amz-sdk-checksum-algorithm"), None);
    }

    #[tokio::test]
    async fn when_required_only_operations_that_require_one_get_a_checksum() {
        // Notes come back with a wrong sum.
        let server = serve_replies(|request| {
            if request.head.starts_with("GET ") {
                reply(200, &[("x-amz-checksum-crc32", "AAAAAA==")], "hello")
            } else {
                reply(200, &[], "")
            }
        })
        .await;
        let config = sdk_rest_json_kitchen_sink::Config::builder()
            .region(sdk_rest_json_kitchen_sink::config::Region::new("us-west-2"))
            .endpoint_url(&server.endpoint)
            .credentials_provider(sdk_rest_json_kitchen_sink::config::Credentials::new("AKID", "secret", None, None, "test"))
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired)
            .build();
        assert_eq!(config.request_checksum_calculation(), Some(&RequestChecksumCalculation::WhenRequired));
        let client = sdk_rest_json_kitchen_sink::Client::from_conf(config);
        client.put_note().name("a").body(Blob::new("hello")).send().await.expect("required");
        client.put_object().name("o").body(ByteStream::from_static(b"hello")).send().await.expect("not required");
        // Without validation asked for, a wrong sum goes unnoticed.
        let note = client.get_note().name("a").send().await.expect("not checked");
        assert_eq!(note.body().map(|b| b.as_ref()), Some(&b"hello"[..]));
        let sent = server.captured();
        assert_eq!(sent[0].header("x-amz-checksum-crc32"), Some("NhCmhg=="));
        assert_eq!((sent[1].header("x-amz-checksum-crc32"), sent[1].header("x-amz-sdk-checksum-algorithm")), (None, None));
        assert_eq!(sent[2].header("x-amz-checksum-mode"), None);
    }

    #[tokio::test]
    async fn streams_go_aws_chunked_with_the_checksum_in_a_trailer() {
        let data: Vec<u8> = (0..150_000u32).map(|i| ((i * 31 + 7) % 251) as u8).collect();
        let path = std::env::temp_dir().join(format!("aws-chunked-{}", std::process::id()));
        std::fs::write(&path, &data).expect("a temporary file");
        let server = serve_replies(|_| reply(200, &[], "")).await;
        let client = client!(sdk_rest_json_kitchen_sink, &server.endpoint);
        let body = ByteStream::from_path(&path).await.expect("the file opens");
        client.put_object().name("o").body(body).send().await.expect("uploaded");
        let _ = std::fs::remove_file(&path);
        let request = &server.captured()[0];
        assert_eq!(request.header("content-encoding"), Some("aws-chunked"));
        assert_eq!(request.header("x-amz-decoded-content-length"), Some("150000"));
        assert_eq!(request.header("x-amz-trailer"), Some("x-amz-checksum-crc32"));
        assert_eq!(request.header("x-amz-content-sha256"), Some("STREAMING-UNSIGNED-PAYLOAD-TRAILER"));
        assert_eq!(request.header("content-length"), Some(request.raw_body.len().to_string().as_str()), "the encoded length is known");
        // 64 KiB chunks as aws-sdk-* cuts them, then the rest, the last chunk and the trailer.
        let mut rest = &request.raw_body[..];
        let mut decoded = Vec::new();
        let mut sizes = Vec::new();
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n").expect("a chunk size line");
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).expect("hex"), 16).expect("a hex size");
            rest = &rest[line_end + 2..];
            sizes.push(size);
            if size == 0 {
                break;
            }
            decoded.extend_from_slice(&rest[..size]);
            assert_eq!(&rest[size..size + 2], b"\r\n");
            rest = &rest[size + 2..];
        }
        assert_eq!(sizes, [65_536, 65_536, 18_928, 0]);
        assert!(decoded == data, "the chunks carry the file");
        assert_eq!(rest, b"x-amz-checksum-crc32:eUyIcQ==\r\n\r\n");
    }

    #[tokio::test]
    async fn responses_are_checked_against_their_checksum() {
        let server = serve_replies(|request| {
            let checksum = match target(request) {
                "/notes/right" | "/objects/right" => ("x-amz-checksum-crc32", "NhCmhg=="),
                // A sum of parts (S3's objects uploaded in parts) is not checked.
                "/notes/parts" => ("x-amz-checksum-crc32", "NhCmhg==-3"),
                // CRC32C comes before CRC32 in the order checksums are preferred.
                "/objects/preferred" => ("x-amz-checksum-crc32c", "mnG7TA=="),
                _ => ("x-amz-checksum-crc32", "AAAAAA=="),
            };
            let mut headers = vec![checksum];
            if target(request) == "/objects/preferred" {
                headers.push(("x-amz-checksum-crc32", "AAAAAA=="));
            }
            reply(200, &headers, "hello")
        })
        .await;
        let client = client!(sdk_rest_json_kitchen_sink, &server.endpoint);
        let note = client.get_note().name("right").send().await.expect("the sum matches");
        assert_eq!(note.body().map(|b| b.as_ref()), Some(&b"hello"[..]));
        assert_eq!(server.captured()[0].header("x-amz-checksum-mode"), Some("ENABLED"), "validation is asked for by default");
        client.get_note().name("parts").send().await.expect("not checked");
        let error = client.get_note().name("wrong").send().await.expect_err("the sum does not match");
        let text = DisplayErrorContext(&error).to_string();
        assert!(text.contains("CRC32 is NhCmhg==") && text.contains("x-amz-checksum-crc32 header says AAAAAA=="), "{text}");

        let object = client.get_object().name("right").checksum_mode(ChecksumMode::Enabled).send().await.expect("sent");
        assert_eq!(&object.body.collect().await.expect("the sum matches").into_bytes()[..], b"hello");
        let object = client.get_object().name("preferred").send().await.expect("sent");
        object.body.collect().await.expect("CRC32C is the one checked");
        let object = client.get_object().name("wrong").send().await.expect("the headers come first");
        let error = object.body.collect().await.expect_err("the stream fails at its end");
        assert!(DisplayErrorContext(&error).to_string().contains("does not match its checksum"), "{}", DisplayErrorContext(&error));
    }

    /// The service names SigV4 first and bearer tokens second (`@auth`); `WhoAmI` takes a
    /// bearer token only. Each call authenticates with the first scheme the config has an
    /// identity for, as aws-sdk-* chooses.
    mod bearer_auth {
        use super::*;
        use aws_smithy_runtime_api::client::auth::AuthSchemeId;
        use sdk_rest_json_kitchen_sink::config::{BehaviorVersion, Credentials, Region, Token};

        fn base(endpoint: &str) -> sdk_rest_json_kitchen_sink::config::Builder {
            sdk_rest_json_kitchen_sink::Config::builder()
                .region(Region::new("us-west-2"))
                .endpoint_url(endpoint)
                .behavior_version(BehaviorVersion::latest())
        }

        async fn server() -> sdk_tests::capture::CaptureServer {
            serve_replies(|_| reply(200, &[("content-type", "application/json")], r#"{"name":"dev"}"#)).await
        }

        #[tokio::test]
        async fn a_client_with_a_token_only_sends_it_as_a_bearer_token() {
            let server = server().await;
            let client =
                sdk_rest_json_kitchen_sink::Client::from_conf(base(&server.endpoint).bearer_token(Token::new("tok-1", None)).build());
            let who = client.who_am_i().send().await.expect("sent with the token");
            assert_eq!(who.name(), Some("dev"));
            client.describe_thing().id("t1").send().await.expect("SigV4 is preferred, but there are no credentials: the token");
            for request in server.captured() {
                assert_eq!(request.header("authorization"), Some("Bearer tok-1"), "{}", request.head);
                assert_eq!(request.header("x-amz-date"), None, "not signed: {}", request.head);
            }
        }

        #[tokio::test]
        async fn a_client_with_both_signs_where_sigv4_comes_first() {
            let server = server().await;
            let config = base(&server.endpoint)
                .credentials_provider(Credentials::new("AKID", "secret", None, None, "test"))
                .token_provider(Token::new("tok-2", None))
                .build();
            let client = sdk_rest_json_kitchen_sink::Client::from_conf(config);
            client.describe_thing().id("t1").send().await.expect("signed");
            client.who_am_i().send().await.expect("sent with the token");
            let captured = server.captured();
            let signed = captured[0].header("authorization").expect("an authorization header");
            assert!(signed.starts_with("AWS4-HMAC-SHA256 Credential=AKID/"), "{signed}");
            assert_eq!(captured[1].header("authorization"), Some("Bearer tok-2"));
        }

        #[tokio::test]
        async fn a_missing_token_provider_is_named_before_sending() {
            let server = server().await;
            let client = client!(sdk_rest_json_kitchen_sink, &server.endpoint);
            let err = client.who_am_i().send().await.expect_err("no token");
            let text = format!("{}", DisplayErrorContext(&err));
            assert!(text.contains("no token provider is configured"), "{text}");
            let client = sdk_rest_json_kitchen_sink::Client::from_conf(base(&server.endpoint).build());
            let err = client.describe_thing().id("t1").send().await.expect_err("no identity at all");
            let text = format!("{}", DisplayErrorContext(&err));
            assert!(text.contains("neither a credentials provider (SigV4) nor a token provider"), "{text}");
            assert!(server.captured().is_empty(), "nothing was sent");
        }

        #[tokio::test]
        async fn the_token_provider_of_an_sdk_config_is_taken_over() {
            let server = server().await;
            let shared = aws_types::SdkConfig::builder()
                .region(Region::new("us-west-2"))
                .endpoint_url(&server.endpoint)
                .token_provider(aws_credential_types::provider::token::SharedTokenProvider::new(Token::new("tok-3", None)))
                .behavior_version(BehaviorVersion::latest())
                .build();
            let client = sdk_rest_json_kitchen_sink::Client::new(&shared);
            assert!(client.config().token_provider().is_some());
            client.who_am_i().send().await.expect("sent with the loaded token");
            assert_eq!(server.captured()[0].header("authorization"), Some("Bearer tok-3"));
        }

        fn both(endpoint: &str) -> sdk_rest_json_kitchen_sink::config::Builder {
            base(endpoint)
                .credentials_provider(Credentials::new("AKID", "secret", None, None, "test"))
                .token_provider(Token::new("tok-4", None))
        }

        #[tokio::test]
        async fn the_auth_scheme_preference_reorders_what_an_operation_allows() {
            let server = server().await;
            let preferred = [AuthSchemeId::from("httpBearerAuth"), AuthSchemeId::from("sigv4")];
            let client =
                sdk_rest_json_kitchen_sink::Client::from_conf(both(&server.endpoint).auth_scheme_preference(preferred.clone()).build());
            assert_eq!(client.config().auth_scheme_preference(), Some(&preferred.clone().into()));
            client.describe_thing().id("t1").send().await.expect("sent with the token, preferred over SigV4");
            // A preference naming schemes the operation does not allow changes nothing.
            let unknown = [AuthSchemeId::from("httpBasicAuth")];
            let client = sdk_rest_json_kitchen_sink::Client::from_conf(both(&server.endpoint).auth_scheme_preference(unknown).build());
            client.describe_thing().id("t2").send().await.expect("signed");
            // Nor does one for an operation that allows a single scheme.
            client
                .who_am_i()
                .customize()
                .config_override(base(&server.endpoint).auth_scheme_preference(preferred))
                .send()
                .await
                .expect("token");
            let captured = server.captured();
            assert_eq!(captured[0].header("authorization"), Some("Bearer tok-4"), "{}", captured[0].head);
            assert_eq!(captured[0].header("x-amz-date"), None);
            let signed = captured[1].header("authorization").expect("an authorization header");
            assert!(signed.starts_with("AWS4-HMAC-SHA256 Credential=AKID/"), "{signed}");
            assert_eq!(captured[2].header("authorization"), Some("Bearer tok-4"));
        }

        #[tokio::test]
        async fn the_auth_scheme_preference_comes_from_an_sdk_config_and_a_config_override() {
            let server = server().await;
            let shared = aws_types::SdkConfig::builder()
                .region(Region::new("us-west-2"))
                .endpoint_url(&server.endpoint)
                .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(Credentials::new(
                    "AKID", "secret", None, None, "test",
                )))
                .token_provider(aws_credential_types::provider::token::SharedTokenProvider::new(Token::new("tok-5", None)))
                .auth_scheme_preference([AuthSchemeId::from("httpBearerAuth")])
                .behavior_version(BehaviorVersion::latest())
                .build();
            let client = sdk_rest_json_kitchen_sink::Client::new(&shared);
            client.describe_thing().id("t1").send().await.expect("sent with the token");
            let sigv4_first = base(&server.endpoint).auth_scheme_preference([AuthSchemeId::from("sigv4")]);
            client.describe_thing().id("t2").customize().config_override(sigv4_first).send().await.expect("signed");
            let captured = server.captured();
            assert_eq!(captured[0].header("authorization"), Some("Bearer tok-5"));
            let signed = captured[1].header("authorization").expect("an authorization header");
            assert!(signed.starts_with("AWS4-HMAC-SHA256 Credential=AKID/"), "{signed}");
        }
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
